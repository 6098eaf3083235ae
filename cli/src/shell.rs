//! Splits a command line into words the way a POSIX shell does for the
//! simple cases learners type: blanks separate words; 'single quotes' keep
//! everything; "double quotes" keep everything but `\"` and `\\`; a backslash
//! outside quotes escapes the next character; backslash-newline continues.

/// The words of `line`, or a message if a quote is left open.
pub fn split(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("the line ends inside a 'single-quoted' string".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some('\n') => {}
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => {
                                return Err(
                                    "the line ends inside a \"double-quoted\" string".into()
                                );
                            }
                        },
                        Some(c) => word.push(c),
                        None => {
                            return Err("the line ends inside a \"double-quoted\" string".into());
                        }
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(c) => {
                    in_word = true;
                    word.push(c);
                }
                None => {}
            },
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::split;

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(
            split("aws ecs  list-clusters").unwrap(),
            ["aws", "ecs", "list-clusters"]
        );
        assert_eq!(
            split(r#"--tags 'key=a b,value=c' "x\"y" a\ b '' "#).unwrap(),
            ["--tags", "key=a b,value=c", "x\"y", "a b", ""]
        );
        assert_eq!(split("a \\\n b").unwrap(), ["a", "b"]);
        assert_eq!(
            split(r#"--cli-input-json '{"clusterName": "x"}'"#).unwrap()[1],
            r#"{"clusterName": "x"}"#
        );
        assert!(split("'open").is_err());
        assert!(split("\"open").is_err());
        assert!(split("").unwrap().is_empty());
    }
}
