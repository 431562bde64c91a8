//! Shell command lines as they appear in the docs, the example workflows and the pre-commit
//! hook: enough of POSIX word splitting to find every `copydesk` invocation and its words.
//! Each test crate that includes it uses a part.
#![allow(dead_code)]

/// A word, or an operator that ends a simple command (`|`, `&&`, `;`, `>` …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Word(String),
    Op(String),
}

/// Tokens of a script: quotes group, a backslash escapes (and joins continued lines), `#`
/// at the start of a word comments out the rest of the line, newlines end commands.
pub fn tokens(script: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = script.chars().peekable();
    let end_word = |word: &mut String, in_word: &mut bool, out: &mut Vec<Token>| {
        if *in_word {
            out.push(Token::Word(std::mem::take(word)));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') | None => {}
                Some(escaped) => {
                    word.push(escaped);
                    in_word = true;
                }
            },
            '\'' => {
                in_word = true;
                word.extend(chars.by_ref().take_while(|&c| c != '\''));
            }
            '"' => {
                in_word = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' if matches!(chars.peek(), Some('"' | '\\' | '$')) => {
                            word.extend(chars.next());
                        }
                        c => word.push(c),
                    }
                }
            }
            '#' if !in_word => while chars.next_if(|&c| c != '\n').is_some() {},
            '|' | '&' | ';' | '<' | '>' | '\n' => {
                // `2>` redirects: the digits belong to the operator.
                let mut op = if in_word && word.chars().all(|c| c.is_ascii_digit()) {
                    in_word = false;
                    std::mem::take(&mut word)
                } else {
                    String::new()
                };
                end_word(&mut word, &mut in_word, &mut out);
                op.push(c);
                if c != '\n' {
                    while let Some(next) = chars.next_if(|&n| matches!(n, '|' | '&' | '>')) {
                        op.push(next);
                    }
                }
                out.push(Token::Op(op));
            }
            c if c.is_whitespace() => end_word(&mut word, &mut in_word, &mut out),
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    end_word(&mut word, &mut in_word, &mut out);
    out
}

/// Every `copydesk` invocation in a script: each simple command that runs copydesk, itself
/// or through `xargs` (so `xargs -0 copydesk --check` yields `copydesk --check`), as its
/// words from `copydesk` on. A `copydesk` that is only an argument (`cargo install
/// copydesk`) is not one.
pub fn copydesk_invocations(script: &str) -> Vec<Vec<String>> {
    let tokens = tokens(script);
    tokens
        .split(|t| matches!(t, Token::Op(_)))
        .filter_map(|command| {
            let words: Vec<&str> = command
                .iter()
                .map_while(|t| match t {
                    Token::Word(w) => Some(w.as_str()),
                    Token::Op(_) => None,
                })
                .collect();
            let start = match words.first() {
                Some(&"xargs") => 1 + words[1..].iter().position(|w| !w.starts_with('-'))?,
                _ => 0,
            };
            (words.get(start) == Some(&"copydesk"))
                .then(|| words[start..].iter().map(|w| w.to_string()).collect())
        })
        .collect()
}
