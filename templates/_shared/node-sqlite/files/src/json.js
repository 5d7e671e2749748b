// Checks on JSON request bodies that the parsers do not make: the declared content type, and
// on the parsed value, lone surrogates and nesting.

/**
 * True for `application/json`, with parameters allowed but no charset other than UTF-8 (the
 * bytes are decoded as nothing else).
 */
export function isJsonContentType(header = "") {
  const [type, ...params] = header.split(";");
  if (type.trim().toLowerCase() !== "application/json") return false;
  return params.every((param) => {
    const [name, value = ""] = param.split("=").map((part) => part.trim().toLowerCase());
    return name !== "charset" || ["utf-8", '"utf-8"'].includes(value);
  });
}

/** Deeper bodies are refused: no record needs them. */
export const MAX_DEPTH = 1000;

/**
 * Null when every string and key is well-formed UTF-16 (no lone surrogate from an escape such
 * as "\ud800") and nesting stays within MAX_DEPTH; otherwise the reason. Iterative, so that
 * absurd nesting cannot overflow the stack.
 */
export function jsonProblem(value) {
  const stack = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop();
    if (typeof item === "string") {
      if (!item.isWellFormed()) return "lone surrogate in a string";
    } else if (item !== null && typeof item === "object") {
      if (depth >= MAX_DEPTH) return "nested too deeply";
      for (const [key, child] of Object.entries(item)) {
        if (!key.isWellFormed()) return "lone surrogate in a key";
        stack.push([child, depth + 1]);
      }
    }
  }
  return null;
}
