import { z } from "zod";

// Runs in the browser before any page code. Zod compiles object parsers with `new Function` when it may,
// and probes for that by calling `Function("")`: under the pages' CSP (no 'unsafe-eval') the probe is a
// reported violation even though Zod catches it. The browser only validates small forms: no JIT there.
z.config({ jitless: true });
