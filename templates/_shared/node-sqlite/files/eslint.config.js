// ESLint flat config: the recommended rules for modern Node.js ES modules.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["data/", ".scaffold/"] },
  js.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: globals.node,
    },
    linterOptions: {
      reportUnusedDisableDirectives: "error",
    },
    rules: {
      "no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];
