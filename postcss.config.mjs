// Tailwind CSS v4 runs as a PostCSS plugin inside `next build` / `next dev`; it reads src/app/globals.css.
const config = {
  plugins: { "@tailwindcss/postcss": {} },
};

export default config;
