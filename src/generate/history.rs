//! The schema's history: one [`Migration`] (see [`crate::generate::spec`]) per generation or update that changed the schema.
//!
//! Templates that keep schema migrations (Django, TypeORM) render one file per step, so an
//! update that adds a resource or a field yields a new migration and never edits an old one;
//! an existing database then migrates forward. The history lives in the record
//! (`.scaffold.toml`, `[[migrations]]`); a spec without one has a single step that creates
//! every resource.
//!
//! Only additions are steps: new resources, and new optional fields on existing resources.
//! A removal, a rename, a type change or a new required field would need a data migration
//! that a generator cannot write for the user, so [`evolve`] refuses it and says why.

use std::collections::BTreeMap;

use crate::error::SpecError;
use crate::generate::spec::{Field, Migration, Resource};

fn history_err(rule: String) -> SpecError {
    SpecError::History { rule }
}

/// Checks that replaying `history` gives exactly `resources` (fields in any order), so the
/// migrations a template renders build the schema its models describe.
pub fn check(history: &[Migration], resources: &[Resource]) -> Result<(), SpecError> {
    let mut built: BTreeMap<&str, BTreeMap<&str, &Field>> = BTreeMap::new();
    for (i, step) in history.iter().enumerate() {
        let n = i + 1;
        if step.create.is_empty() && step.add.is_empty() {
            return Err(history_err(format!("step {n} changes nothing")));
        }
        for r in &step.create {
            if built.contains_key(r.name.as_str()) {
                return Err(history_err(format!(
                    "step {n} creates resource `{}` a second time",
                    r.name
                )));
            }
            built.insert(
                &r.name,
                r.fields.iter().map(|f| (f.name.as_str(), f)).collect(),
            );
        }
        for r in &step.add {
            let Some(fields) = built.get_mut(r.name.as_str()) else {
                return Err(history_err(format!(
                    "step {n} adds fields to resource `{}`, which no earlier step creates",
                    r.name
                )));
            };
            for f in &r.fields {
                if !f.optional {
                    return Err(history_err(format!(
                        "step {n} adds the required field `{}.{f}`; added fields must be optional",
                        r.name
                    )));
                }
                if fields.insert(&f.name, f).is_some() {
                    return Err(history_err(format!(
                        "step {n} adds field `{}.{}` a second time",
                        r.name, f.name
                    )));
                }
            }
        }
    }
    let wanted: BTreeMap<&str, BTreeMap<&str, &Field>> = resources
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                r.fields.iter().map(|f| (f.name.as_str(), f)).collect(),
            )
        })
        .collect();
    if built != wanted {
        let show = |m: &BTreeMap<&str, BTreeMap<&str, &Field>>| {
            m.iter()
                .map(|(r, fs)| {
                    let fs: Vec<String> = fs.values().map(|f| f.to_string()).collect();
                    format!("{r}={}", fs.join(","))
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        return Err(history_err(format!(
            "builds `{}`, but the resources are `{}`",
            show(&built),
            show(&wanted)
        )));
    }
    Ok(())
}

/// The step that takes the schema from `old` to `new`, or `None` when it is unchanged.
/// Refuses what is not an addition, naming the resource or field and the rule.
pub fn step(old: &[Resource], new: &[Resource]) -> Result<Option<Migration>, SpecError> {
    let refuse = |what: String, rule: &str| SpecError::Value {
        what: "update:".into(),
        value: what,
        rule: rule.into(),
    };
    let mut step = Migration::default();
    for o in old {
        let Some(n) = new.iter().find(|n| n.name == o.name) else {
            return Err(refuse(
                format!("resource `{}`", o.name),
                "is in the project but not in the new spec; update adds resources and optional \
                 fields and never removes one, as its stored records would be lost",
            ));
        };
        for of in &o.fields {
            match n.fields.iter().find(|nf| nf.name == of.name) {
                None => {
                    return Err(refuse(
                        format!("field `{}.{of}`", o.name),
                        "is in the project but not in the new spec; update never removes a \
                         field, as its stored values would be lost",
                    ));
                }
                Some(nf) if nf != of => {
                    return Err(refuse(
                        format!("field `{}.{of}`", o.name),
                        &format!(
                            "would become `{nf}`; update never changes an existing field's type \
                             or whether it is optional, as stored values may not fit"
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        let added: Vec<Field> = n
            .fields
            .iter()
            .filter(|nf| !o.fields.iter().any(|of| of.name == nf.name))
            .cloned()
            .collect();
        if let Some(f) = added.iter().find(|f| !f.optional) {
            return Err(refuse(
                format!("field `{}.{f}`", o.name),
                &format!(
                    "is new on an existing resource and must be optional (`{}:{}?`), as the \
                     records already stored have no value for it",
                    f.name,
                    f.ty.as_str()
                ),
            ));
        }
        if !added.is_empty() {
            step.add.push(Resource {
                name: o.name.clone(),
                fields: added,
            });
        }
    }
    step.create = new
        .iter()
        .filter(|n| !old.iter().any(|o| o.name == n.name))
        .cloned()
        .collect();
    Ok((!step.create.is_empty() || !step.add.is_empty()).then_some(step))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::spec::{MigrationEntry, initial};

    fn rs(list: &[&str]) -> Vec<Resource> {
        list.iter().map(|r| r.parse().expect("resource")).collect()
    }

    #[test]
    fn additions_make_one_step_and_replay_to_the_new_resources() {
        let old = rs(&["user=name:string,email:string"]);
        let new = rs(&[
            "user=name:string,nickname:string?,email:string",
            "order=total:float,placed_at:datetime",
        ]);
        let s = step(&old, &new).expect("additions").expect("a step");
        assert_eq!(s.create, rs(&["order=total:float,placed_at:datetime"]));
        assert_eq!(s.add, rs(&["user=nickname:string?"]));
        let mut history = initial(&old);
        history.push(s);
        check(&history, &new).expect("replays");
        assert!(check(&history, &old).is_err());
        assert_eq!(step(&new, &new).expect("same"), None);
    }

    #[test]
    fn what_is_not_an_addition_is_refused_naming_it() {
        let old = rs(&["user=name:string,age:int?", "tag=label:string"]);
        for (new, named) in [
            (vec!["user=name:string,age:int?"], "resource `tag`"),
            (
                vec!["user=name:string", "tag=label:string"],
                "`user.age:int?`",
            ),
            (
                vec!["user=name:string,age:int", "tag=label:string"],
                "would become `age:int`",
            ),
            (
                vec!["user=name:string,age:int?,email:string", "tag=label:string"],
                "`email:string?`",
            ),
        ] {
            let err = step(&old, &rs(&new)).expect_err("refused").to_string();
            assert!(err.contains(named), "{err}");
        }
    }

    #[test]
    fn a_history_that_does_not_build_the_resources_is_refused() {
        let res = rs(&["user=name:string,age:int?"]);
        let bad = [
            vec![Migration::default()],
            vec![Migration {
                create: rs(&["user=name:string"]),
                add: rs(&["user=age:int"]),
            }],
            vec![Migration {
                create: rs(&["user=name:string"]),
                add: rs(&["post=age:int?"]),
            }],
            initial(&rs(&["user=name:string"])),
        ];
        for h in bad {
            assert!(check(&h, &res).is_err(), "{h:?}");
        }
        let entry = MigrationEntry::of(&initial(&res)[0]);
        assert_eq!(entry.parse().expect("parses"), initial(&res)[0]);
    }
}
