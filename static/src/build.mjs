// Builds static/dist/: the compiled stylesheet, GOV.UK Frontend's JavaScript and our own module.
// Output is generated, never committed (see .gitignore).
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = join(root, "static", "dist");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
mkdirSync(dist, { recursive: true });

const css = sass.compile(join(root, "static", "src", "heard.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
});
writeFileSync(join(dist, "heard.css"), css.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk-frontend.min.js"));
cpSync(join(root, "static", "src", "heard.mjs"), join(dist, "heard.mjs"));
cpSync(join(root, "static", "src", "progress.mjs"), join(dist, "progress.mjs")); // live response rates (admin)
console.log(`Built ${dist} (${css.css.length} bytes of CSS)`);
