import { redirect } from "next/navigation";
import { getCurrentUser } from "@/identity/request-context";

export const dynamic = "force-dynamic";

export default async function Home() {
  redirect((await getCurrentUser()) ? "/dashboard" : "/sign-in");
}
