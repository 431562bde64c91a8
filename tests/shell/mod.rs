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
            '#' if !in_word => {
                while chars.next_if(|&c| c != '\n').is_some() {}
            }
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

/// Every `copydesk` invocation in a script, each as its words from `copydesk` to the end of
/// its simple command (so `xargs copydesk --check` yields `copydesk --check`).
pub fn copydesk_invocations(script: &str) -> Vec<Vec<String>> {
    let tokens = tokens(script);
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if *token != Token::Word("copydesk".to_string()) {
            continue;
        }
        let words = tokens[i..]
            .iter()
            .map_while(|t| match t {
                Token::Word(w) => Some(w.clone()),
                Token::Op(_) => None,
            })
            .collect();
        found.push(words);
    }
    found
}
