// Shared by the tests: a fresh app per test, and valid request bodies for any resource.
import { createApp } from "../src/app.js";
import { openDb } from "../src/db.js";

/** The app on `db`, without request logs, in the form supertest takes. */
export function appOn(db) {
  return createApp(db, { log: false }).callback();
}

/** An app on its own in-memory database, so that every test stands alone. */
export function freshApp() {
  return appOn(openDb("sqlite:///:memory:"));
}

// Two valid values per field type, already in the form the API returns them.
const VALUES = {
  string: ["sample", "changed"],
  text: ["Some longer text.\nSecond line.", "Changed text."],
  int: [42, -7],
  float: [1.5, -2.25],
  bool: [true, false],
  datetime: ["2024-01-02T03:04:05.000Z", "2025-06-07T08:09:10.123Z"],
};

/** A valid body for `fields`; variant 0 and variant 1 differ in every value. */
export function sampleBody(fields, variant = 0) {
  return Object.fromEntries(
    Object.entries(fields).map(([name, { type }]) => [name, VALUES[type][variant]]),
  );
}
