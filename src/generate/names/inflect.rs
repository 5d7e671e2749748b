//! English singular and plural forms of snake_case resource names.
//!
//! Only the last word of a compound changes (`blog_post` -> `blog_posts`). The rules cover
//! the nouns people name resources after; anything else gets a plain `s`.

/// Irregular pairs, singular first. Uncountables map to themselves.
const IRREGULAR: &[(&str, &str)] = &[
    ("person", "people"),
    // Abbreviations take a plain `s`: a tty, two ttys.
    ("tty", "ttys"),
    ("child", "children"),
    ("man", "men"),
    ("woman", "women"),
    ("mouse", "mice"),
    ("goose", "geese"),
    ("foot", "feet"),
    ("tooth", "teeth"),
    ("ox", "oxen"),
    ("datum", "data"),
    ("medium", "media"),
    ("criterion", "criteria"),
    ("analysis", "analyses"),
    ("crisis", "crises"),
    ("thesis", "theses"),
    ("axis", "axes"),
    ("index", "indices"),
    ("matrix", "matrices"),
    ("vertex", "vertices"),
    ("quiz", "quizzes"),
    ("leaf", "leaves"),
    ("life", "lives"),
    ("knife", "knives"),
    ("wife", "wives"),
    ("half", "halves"),
    ("shelf", "shelves"),
    ("wolf", "wolves"),
    ("thief", "thieves"),
    ("hero", "heroes"),
    ("potato", "potatoes"),
    ("tomato", "tomatoes"),
    ("status", "statuses"),
    ("alias", "aliases"),
    ("bus", "buses"),
    ("virus", "viruses"),
    ("campus", "campuses"),
    ("movie", "movies"),
    ("cookie", "cookies"),
    ("news", "news"),
    ("series", "series"),
    ("species", "species"),
    ("sheep", "sheep"),
    ("fish", "fish"),
    ("deer", "deer"),
    ("equipment", "equipment"),
    ("information", "information"),
    ("metadata", "metadata"),
    ("feedback", "feedback"),
    ("inventory", "inventories"),
];

fn split_last(word: &str) -> (&str, &str) {
    match word.rfind('_') {
        Some(i) => (&word[..=i], &word[i + 1..]),
        None => ("", word),
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// `user` -> `users`, `category` -> `categories`, `blog_post` -> `blog_posts`.
pub fn pluralize(word: &str) -> String {
    let (head, last) = split_last(word);
    if let Some((_, p)) = IRREGULAR.iter().find(|(s, _)| *s == last) {
        return format!("{head}{p}");
    }
    if IRREGULAR.iter().any(|(_, p)| *p == last) {
        return word.to_string();
    }
    let before_last = last.chars().rev().nth(1);
    let plural = if let Some(stem) = last.strip_suffix('y') {
        if before_last.is_some_and(is_vowel) {
            format!("{last}s")
        } else {
            format!("{stem}ies")
        }
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| last.ends_with(e))
    {
        format!("{last}es")
    } else {
        format!("{last}s")
    };
    format!("{head}{plural}")
}

/// `users` -> `user`, `categories` -> `category`, `people` -> `person`; a singular stays.
pub fn singularize(word: &str) -> String {
    let (head, last) = split_last(word);
    if let Some((s, _)) = IRREGULAR.iter().find(|(_, p)| *p == last) {
        return format!("{head}{s}");
    }
    if IRREGULAR.iter().any(|(s, _)| *s == last) {
        return word.to_string();
    }
    let single = if let Some(stem) = last.strip_suffix("ies").filter(|s| s.len() > 1) {
        format!("{stem}y")
    } else if let Some(stem) = ["sses", "xes", "zes", "ches", "shes"]
        .iter()
        .find_map(|e| last.strip_suffix(e).map(|s| (s, e)))
        .map(|(s, e)| format!("{s}{}", &e[..e.len() - 2]))
    {
        stem
    } else if let Some(stem) = last
        .strip_suffix('s')
        .filter(|s| !s.ends_with('s') && !s.ends_with('u') && !s.ends_with('i') && s.len() > 1)
    {
        stem.to_string()
    } else {
        last.to_string()
    };
    format!("{head}{single}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_and_singular_forms() {
        for (one, many) in [
            ("user", "users"),
            ("blog_post", "blog_posts"),
            ("category", "categories"),
            ("key", "keys"),
            ("box", "boxes"),
            ("address", "addresses"),
            ("match", "matches"),
            ("wish", "wishes"),
            ("person", "people"),
            ("child", "children"),
            ("sales_person", "sales_people"),
            ("status", "statuses"),
            ("sheep", "sheep"),
            ("book", "books"),
            ("movie", "movies"),
            ("order_item", "order_items"),
        ] {
            assert_eq!(pluralize(one), many, "plural of {one}");
            assert_eq!(singularize(many), one, "singular of {many}");
            assert_eq!(singularize(one), one, "{one} is already singular");
        }
    }
}
