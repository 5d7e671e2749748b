// Unit tests of the strict value checks.
import assert from "node:assert/strict";
import { it } from "node:test";
import { normalizeDatetime, parseId } from "../src/validate.js";

it("returns datetimes in UTC with exactly three fraction digits", () => {
  const cases = {
    "2024-05-01T14:30:00.123456+02:00": "2024-05-01T12:30:00.123Z",
    "2024-05-01t14:30:00z": "2024-05-01T14:30:00.000Z",
    "2024-02-29T23:59:59.9-00:30": "2024-03-01T00:29:59.900Z",
    "0001-01-01T00:30:00+01:00": "0000-12-31T23:30:00.000Z",
  };
  for (const [input, output] of Object.entries(cases)) {
    assert.equal(normalizeDatetime(input), output, input);
  }
});

it("refuses datetimes that are not RFC 3339", () => {
  const bad = [
    "2024-05-01 14:30:00Z",
    "2024-05-01T14:30:00",
    "2023-02-29T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-05-01T24:00:00Z",
    "2024-05-01T14:30:00+2:00",
    "0000-06-01T00:00:00Z",
    "9999-12-31T23:00:00-01:00",
    "2024-05-01",
  ];
  for (const input of bad) assert.equal(normalizeDatetime(input), null, input);
});

it("reads ids written in plain ASCII digits only", () => {
  assert.equal(parseId("7"), 7n);
  assert.equal(parseId("9223372036854775807"), 9223372036854775807n);
  const spellings = ["0", "07", "+7", " 7", "7.0", "7e0", "\u0667", "1_2", "9223372036854775808"];
  for (const text of spellings) assert.equal(parseId(text), null, text);
});
