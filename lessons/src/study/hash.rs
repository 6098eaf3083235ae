//! A small, stable hash of a question's content.

use crate::Question;

/// FNV-1a, 64 bits: stable across platforms and releases (unlike
/// `std::hash`), so it can be stored.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The content hash of a question: its kind, prompt and every option (id,
/// text, correctness), as 16 hex digits. Explanations and the section are
/// left out: rewording why an option is right does not change what the
/// learner answered, so it keeps their answer; changing the prompt, an
/// option or which options are right resets it.
pub fn content_hash(question: &Question) -> String {
    let mut text = String::new();
    text.push_str(question.kind.as_str());
    text.push('\u{1f}');
    text.push_str(&question.prompt_html);
    for option in &question.options {
        text.push('\u{1e}');
        text.push_str(&option.id);
        text.push('\u{1f}');
        text.push_str(&option.html);
        text.push('\u{1f}');
        text.push(if option.correct { '1' } else { '0' });
    }
    format!("{:016x}", fnv1a64(text.as_bytes()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::study::fixtures::question;

    #[test]
    fn fnv1a64_reference_vectors() {
        // Vectors from the FNV reference (Fowler/Noll/Vo test suite).
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn hash_changes_with_prompt_options_and_correctness_only() {
        let q = question("q1", &["b"]);
        let h = content_hash(&q);
        assert_eq!(h.len(), 16);
        assert_eq!(h, content_hash(&q.clone()), "stable");

        let mut prompt = q.clone();
        prompt.prompt_html.push('!');
        assert_ne!(content_hash(&prompt), h);

        let mut option = q.clone();
        option.options[0].html.push('!');
        assert_ne!(content_hash(&option), h);

        let mut correctness = q.clone();
        correctness.options[0].correct = true;
        assert_ne!(content_hash(&correctness), h);

        let mut explanation = q.clone();
        explanation.options[0].explanation_html.push_str("more");
        explanation.section = "elsewhere".into();
        assert_eq!(
            content_hash(&explanation),
            h,
            "explanations do not reset answers"
        );
    }
}
