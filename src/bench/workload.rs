//! Workloads: which requests a connection sends, on the spec's first resource.
//!
//! Ids and the mix come from a seeded generator per connection, so every framework gets the
//! same sequence of requests.

use bytes::Bytes;
use hyper::Method;

use crate::generate::names::{Forms, inflect};
use crate::generate::spec::{FieldType, Resource};

/// The workloads `--workloads` accepts.
pub(crate) const NAMES: [&str; 5] = ["health", "read", "list", "create", "mixed"];
/// The default `--workloads`.
pub(crate) const DEFAULT: &str = "health,read,mixed";

/// One kind of request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Health,
    Read,
    List,
    Create,
    Update,
}

/// A named mix of requests against one resource.
#[derive(Debug, Clone)]
pub(crate) struct Workload {
    pub name: String,
    /// `(op, weight)`; weights add up to 100.
    mix: Vec<(Op, u32)>,
    /// `/books`.
    collection: String,
    /// Ids `1..=records` exist (the seeded database).
    records: u64,
    /// Valid bodies for POST and PUT, used in turn.
    bodies: Vec<Bytes>,
}

/// One request to send.
pub(crate) struct Planned {
    pub method: Method,
    pub path: String,
    pub body: Option<Bytes>,
    /// The id a read asks for, so a sampled body can be checked against it.
    pub read_id: Option<u64>,
}

impl Workload {
    /// The workload `name` on `resource`, or `None` for an unknown name.
    pub(crate) fn new(name: &str, resource: &Resource, records: u64) -> Option<Workload> {
        let mix = match name {
            "health" => vec![(Op::Health, 100)],
            "read" => vec![(Op::Read, 100)],
            "list" => vec![(Op::List, 100)],
            "create" => vec![(Op::Create, 100)],
            "mixed" => vec![
                (Op::Read, 80),
                (Op::List, 10),
                (Op::Create, 5),
                (Op::Update, 5),
            ],
            _ => return None,
        };
        Some(Workload {
            name: name.to_string(),
            mix,
            collection: collection_path(resource),
            records: records.max(1),
            bodies: (0..16).map(|i| Bytes::from(body(resource, i))).collect(),
        })
    }

    /// The `n`th request of a connection whose generator is `rng`.
    pub(crate) fn next(&self, rng: &mut Rng, n: u64) -> Planned {
        let roll = (rng.next() % 100) as u32;
        let mut acc = 0;
        let op = self
            .mix
            .iter()
            .find(|(_, w)| {
                acc += w;
                roll < acc
            })
            .map_or(self.mix[0].0, |(op, _)| *op);
        let id = 1 + rng.next() % self.records;
        let body = || Some(self.bodies[(n % self.bodies.len() as u64) as usize].clone());
        let (method, path, body, read_id) = match op {
            Op::Health => (Method::GET, "/health".to_string(), None, None),
            Op::Read => (
                Method::GET,
                format!("{}/{id}", self.collection),
                None,
                Some(id),
            ),
            Op::List => (Method::GET, self.collection.clone(), None, None),
            Op::Create => (Method::POST, self.collection.clone(), body(), None),
            Op::Update => (
                Method::PUT,
                format!("{}/{id}", self.collection),
                body(),
                None,
            ),
        };
        Planned {
            method,
            path,
            body,
            read_id,
        }
    }
}

/// `/books` for `book`, as the contract names it.
pub(crate) fn collection_path(resource: &Resource) -> String {
    format!("/{}", Forms::of(&inflect::pluralize(&resource.name)).kebab)
}

/// A valid JSON body for `resource`, varied by `i`: every field, optional ones included.
pub(crate) fn body(resource: &Resource, i: u64) -> String {
    let mut map = serde_json::Map::new();
    for f in &resource.fields {
        let v = match f.ty {
            FieldType::String => serde_json::json!(format!("bench {} {i}", f.name)),
            FieldType::Text => serde_json::json!(format!(
                "A longer text for {} number {i}, as a description would be.",
                f.name
            )),
            FieldType::Int => serde_json::json!(i64::try_from(i).unwrap_or(0) * 7 + 1),
            FieldType::Float => serde_json::json!(i as f64 * 1.25 + 0.5),
            FieldType::Bool => serde_json::json!(i % 2 == 0),
            FieldType::Datetime => {
                serde_json::json!(format!("2024-05-{:02}T12:30:00.000Z", 1 + i % 28))
            }
        };
        map.insert(f.name.clone(), v);
    }
    serde_json::Value::Object(map).to_string()
}

/// SplitMix64: small, fast, and the same sequence everywhere for a seed.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> Resource {
        "book=title:string,summary:text?,pages:int,price:float,in_print:bool,published:datetime?"
            .parse()
            .expect("resource")
    }

    #[test]
    fn the_same_seed_gives_the_same_requests() {
        let w = Workload::new("mixed", &book(), 1000).expect("known");
        let paths = |seed| {
            let mut rng = Rng::new(seed);
            (0..50)
                .map(|n| {
                    let p = w.next(&mut rng, n);
                    format!("{} {}", p.method, p.path)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(paths(7), paths(7));
        assert_ne!(paths(7), paths(8));
    }

    #[test]
    fn mixed_is_mostly_reads_of_seeded_ids() {
        let w = Workload::new("mixed", &book(), 1000).expect("known");
        let mut rng = Rng::new(1);
        let planned: Vec<Planned> = (0..10_000).map(|n| w.next(&mut rng, n)).collect();
        let reads = planned.iter().filter(|p| p.read_id.is_some()).count();
        assert!((7_600..8_400).contains(&reads), "{reads}");
        let posts = planned.iter().filter(|p| p.method == Method::POST).count();
        assert!((350..650).contains(&posts), "{posts}");
        assert!(
            planned
                .iter()
                .filter_map(|p| p.read_id)
                .all(|id| (1..=1000).contains(&id))
        );
        assert!(planned.iter().all(|p| p.path.starts_with("/books")));
    }

    #[test]
    fn bodies_carry_every_field_with_its_json_type() {
        let v: serde_json::Value = serde_json::from_str(&body(&book(), 3)).expect("json");
        assert!(v["title"].is_string() && v["summary"].is_string());
        assert!(v["pages"].is_i64() && v["price"].is_f64() && v["in_print"].is_boolean());
        assert_eq!(v["published"], "2024-05-04T12:30:00.000Z");
    }

    #[test]
    fn unknown_workloads_are_refused() {
        assert!(Workload::new("delete", &book(), 10).is_none());
        assert!(
            NAMES
                .iter()
                .all(|n| Workload::new(n, &book(), 10).is_some())
        );
    }
}
