//! Every name of a spec checked against the base rules and one template's rules, in one place.
//!
//! The names module knows single names; this knows a spec's shape (a project, resources,
//! fields), so that neither `names` nor `spec` needs the other's internals.

use crate::error::NameError;
use crate::generate::names::{
    Rules, Target, check_field_name, check_project_name, check_resource_name, check_words, err,
    inflect, lower_forms,
};
use crate::generate::spec::Spec;

/// Checks every name of a spec against the base rules and a template's rules.
pub(crate) fn check_spec(spec: &Spec, rules: &Rules) -> Result<(), NameError> {
    check_project_name(&spec.name)?;
    check_words(
        rules,
        Target::Project,
        "project name",
        &spec.name,
        &lower_forms(&spec.name),
    )?;
    let project_forms = lower_forms(&spec.name);
    if let Some(dep) = rules.dependencies.iter().find(|d| {
        let d = d.to_ascii_lowercase();
        project_forms.contains(&d) || project_forms.contains(&d.replace(['-', '.'], "_"))
    }) {
        return Err(err(
            "project name",
            &spec.name,
            if dep.eq_ignore_ascii_case(&spec.name) {
                format!(
                    "is the name of a package the {} starter depends on; the project would shadow it",
                    rules.framework
                )
            } else {
                format!(
                    "reads as `{dep}`, a package the {} starter depends on; the project would shadow it",
                    rules.framework
                )
            },
            Some(format!("{}-app", spec.name)),
        ));
    }
    if spec.resources.is_empty() {
        return Err(err(
            "resources",
            "",
            "must name at least one resource",
            Some("user=name:string".into()),
        ));
    }
    let mut plurals = Vec::new();
    for resource in &spec.resources {
        let name = &resource.name;
        check_resource_name(name)?;
        // SQLite reserves table names starting with `sqlite_` for itself.
        if name.starts_with("sqlite_") {
            return Err(err(
                "resource name",
                name,
                "starts with `sqlite_`, a prefix SQLite keeps for its own tables (sql)",
                Some(format!("{}_item", name.trim_start_matches("sqlite_"))),
            ));
        }
        let plural = inflect::pluralize(name);
        let mut forms = lower_forms(name);
        forms.extend(lower_forms(&plural));
        check_words(rules, Target::Resource, "resource name", name, &forms)?;
        if let Some(hit) = rules.reserved_resources.iter().find(|r| forms.contains(r)) {
            return Err(err(
                "resource name",
                name,
                format!("`{hit}` is used by the {} template itself", rules.framework),
                Some(format!("{name}_item")),
            ));
        }
        if plurals.contains(&plural) {
            return Err(err("resource name", name, "is given twice", None));
        }
        plurals.push(plural);
        if resource.fields.is_empty() {
            return Err(err(
                "resource",
                name,
                "must have at least one field",
                Some(format!("{name}=name:string")),
            ));
        }
        let mut seen: Vec<&str> = Vec::new();
        for field in &resource.fields {
            let what = format!("field name (resource `{name}`)");
            check_field_name(name, &field.name)?;
            check_words(
                rules,
                Target::Field,
                &what,
                &field.name,
                &lower_forms(&field.name),
            )?;
            if let Some(hit) = rules.reserved_fields.iter().find(|r| **r == field.name) {
                return Err(err(
                    &what,
                    &field.name,
                    format!("`{hit}` is used by the {} template itself", rules.framework),
                    Some(format!("{}_value", field.name)),
                ));
            }
            if seen.contains(&field.name.as_str()) {
                return Err(err(&what, &field.name, "is given twice", None));
            }
            seen.push(&field.name);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::names::Ecosystem;

    fn spec(project: &str, resource: &str) -> Spec {
        Spec {
            history: Vec::new(),
            name: project.into(),
            description: String::new(),
            author: String::new(),
            port: 8000,
            resources: vec![resource.parse().expect("resource syntax")],
        }
    }

    #[test]
    fn ecosystem_words_are_rejected_with_the_ecosystem_named() {
        let py = Rules {
            ecosystems: &[Ecosystem::Python, Ecosystem::Sql],
            ..Rules::default()
        };
        let e = check_spec(&spec("shop", "user=class:string"), &py).expect_err("keyword");
        assert!(e.rule.contains("python"), "{e}");
        assert_eq!(e.suggestion.as_deref(), Some("class_value"));
        assert!(check_spec(&spec("json", "user=name:string"), &py).is_err());
        assert!(check_spec(&spec("shop", "user=order:int"), &py).is_err());
        assert!(check_spec(&spec("shop", "user=json:string"), &py).is_ok());
        let js = Rules {
            ecosystems: &[Ecosystem::Javascript, Ecosystem::Npm],
            ..Rules::default()
        };
        assert!(check_spec(&spec("http", "user=name:string"), &js).is_err());
        assert!(check_spec(&spec("shop", "user=to_string:string"), &js).is_err());
        assert!(check_spec(&spec("shop", "user=name:string"), &js).is_ok());
    }

    #[test]
    fn reserved_names_of_a_template_are_rejected() {
        let reserved = vec!["migration".to_string()];
        let rules = Rules {
            reserved_resources: &reserved,
            framework: "django",
            ..Rules::default()
        };
        let e = check_spec(&spec("shop", "migration=name:string"), &rules).expect_err("reserved");
        assert!(e.to_string().contains("django"), "{e}");
    }

    #[test]
    fn a_project_named_like_a_dependency_is_refused() {
        let deps = vec!["express".to_string(), "better-sqlite3".to_string()];
        let rules = Rules {
            dependencies: &deps,
            framework: "express",
            ..Rules::default()
        };
        let e = check_spec(&spec("express", "user=name:string"), &rules).expect_err("dep");
        assert_eq!(e.to_string().matches("`express`").count(), 1, "{e}");
        assert!(
            e.to_string().contains("the express starter depends on"),
            "{e}"
        );
        let e = check_spec(&spec("better_sqlite3", "user=name:string"), &rules).expect_err("dep");
        assert!(e.to_string().contains("reads as `better-sqlite3`"), "{e}");
        assert!(check_spec(&spec("express-shop", "user=name:string"), &rules).is_ok());
        assert!(check_spec(&spec("shop", "sqlite_stat=name:string"), &rules).is_err());
    }

    #[test]
    fn duplicate_and_empty_are_rejected() {
        let rules = Rules::default();
        assert!(check_spec(&spec("shop", "user=a:int,a:string"), &rules).is_err());
        assert!(check_spec(&spec("shop", "user="), &rules).is_err());
        let mut s = spec("shop", "user=a:int");
        s.resources.push("user=b:int".parse().expect("syntax"));
        assert!(check_spec(&s, &rules).is_err());
    }
}
