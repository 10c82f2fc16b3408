// Starts the GOV.UK Frontend components (character count, error summary focus, header menu).
// Loaded as a module from a file rather than inline, so the content security policy needs no exceptions.
import { initAll } from "./govuk-frontend.min.js";

initAll();
