//! Spaced repetition with SM-2 (Wozniak, 1990), as in the widely used
//! formulation (Wikipedia, "SuperMemo", SM-2 pseudocode):
//!
//! ```text
//! if q >= 3: I = 1 (first), 6 (second), round(I × EF) (after); n += 1
//! else:      n = 0, I = 1
//! EF = max(1.3, EF + 0.1 − (5 − q) × (0.08 + (5 − q) × 0.02))
//! ```
//!
//! The ease factor is kept in thousandths (2.5 is 2500) so the arithmetic is
//! exact and the stored JSON has no floats. A question enters the schedule
//! when it is answered wrongly; each review moves it.
//!
//! **The learning step.** As spaced-repetition apps do (Anki's learning
//! steps), a wrong answer does not wait a day: the card goes into a
//! *learning step* and is due again the same day, until it is answered
//! right. That right answer ends the step and starts SM-2's day intervals
//! (1, 6, then × EF). Only the wrong answer that starts a learning step is a
//! lapse that lowers the ease; answering wrongly again during the same step
//! keeps it, so practising a mistake is never punished.

use serde::{Deserialize, Serialize};

/// Starting ease factor, in thousandths (SM-2: 2.5).
pub const START_EASE: u32 = 2_500;
/// Lowest ease factor, in thousandths (SM-2: 1.3).
pub const MIN_EASE: u32 = 1_300;

/// How a review went, as the learner can tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recall {
    /// Answered wrongly (SM-2 quality 1: incorrect, but the right answer
    /// looked familiar once shown).
    Wrong,
    /// Right, with difficulty (quality 3).
    Hard,
    /// Right (quality 4: correct after some thought; keeps the ease).
    Right,
    /// Right and easy (quality 5).
    Easy,
}

impl Recall {
    /// The SM-2 quality, 0–5.
    pub fn quality(self) -> u32 {
        match self {
            Recall::Wrong => 1,
            Recall::Hard => 3,
            Recall::Right => 4,
            Recall::Easy => 5,
        }
    }
}

/// The schedule of one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReviewCard {
    /// The question's content hash when scheduled (a change resets the card).
    pub hash: String,
    /// Ease factor in thousandths, ≥ [`MIN_EASE`].
    pub ease: u32,
    /// Days until the next review after the last one.
    pub interval: u32,
    /// Successful reviews in a row.
    pub repetitions: u32,
    /// The day (days since the Unix epoch) the card is next due.
    pub due_day: i64,
    /// The day of the last review.
    pub last_day: i64,
    /// In the learning step: answered wrongly and not answered right since,
    /// so due again the same day. Absent in stored progress of schema 1
    /// (read as `false`), and left out when `false`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub learning: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl ReviewCard {
    /// A new card, before its first review.
    pub fn new(hash: String, today: i64) -> Self {
        ReviewCard {
            hash,
            ease: START_EASE,
            interval: 0,
            repetitions: 0,
            due_day: today,
            last_day: today,
            learning: false,
        }
    }

    /// Applies one review on `today`: a wrong answer starts (or continues)
    /// the learning step, due again today; a right one ends the step and
    /// follows SM-2.
    pub fn review(&mut self, recall: Recall, today: i64) {
        let q = recall.quality();
        self.last_day = today;
        if q < 3 {
            if !self.learning {
                // A lapse: SM-2 restarts the sequence and lowers the ease.
                self.repetitions = 0;
                self.update_ease(q);
                self.learning = true;
            }
            self.interval = 0;
            self.due_day = today;
            return;
        }
        self.learning = false;
        self.interval = match self.repetitions {
            0 => 1,
            1 => 6,
            // round(I × EF) with EF in thousandths.
            _ => ((u64::from(self.interval) * u64::from(self.ease) + 500) / 1000)
                .min(u64::from(u32::MAX)) as u32,
        };
        self.repetitions += 1;
        self.update_ease(q);
        self.due_day = today + i64::from(self.interval);
    }

    /// SM-2's ease update for quality `q`, never below [`MIN_EASE`].
    fn update_ease(&mut self, q: u32) {
        let d = 5 - q as i64;
        let delta = 100 - d * (80 + d * 20);
        self.ease = (i64::from(self.ease) + delta).max(i64::from(MIN_EASE)) as u32;
    }

    /// Whether the card is due on `today`.
    pub fn is_due(&self, today: i64) -> bool {
        self.due_day <= today
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn run(recalls: &[Recall]) -> Vec<(u32, u32)> {
        let mut card = ReviewCard::new("h".into(), 0);
        let mut day = 0;
        recalls
            .iter()
            .map(|r| {
                card.review(*r, day);
                day = card.due_day;
                (card.interval, card.ease)
            })
            .collect()
    }

    #[test]
    fn sm2_reference_progression_with_perfect_recall() {
        // q = 5 every time: the interval uses the ease before the update,
        // then EF grows by 0.1: 1, 6, round(6 × 2.7) = 16,
        // round(16 × 2.8) = 45, round(45 × 2.9) = 131.
        assert_eq!(
            run(&[Recall::Easy; 5]),
            [(1, 2600), (6, 2700), (16, 2800), (45, 2900), (131, 3000)]
        );
    }

    #[test]
    fn sm2_quality_four_keeps_the_ease() {
        // q = 4: EF stays 2.5; 1, 6, 15, round(37.5) = 38, 95.
        assert_eq!(
            run(&[Recall::Right; 5]),
            [(1, 2500), (6, 2500), (15, 2500), (38, 2500), (95, 2500)]
        );
    }

    #[test]
    fn a_lapse_lowers_the_ease_once_and_the_card_is_due_the_same_day() {
        // q = 1 after two successes: EF − 0.54, the sequence restarts, and
        // the card is in its learning step, due the same day. Wrong again
        // during the step: still due today, the ease unchanged.
        assert_eq!(
            run(&[
                Recall::Right,
                Recall::Right,
                Recall::Wrong,
                Recall::Wrong,
                Recall::Wrong
            ]),
            [(1, 2500), (6, 2500), (0, 1960), (0, 1960), (0, 1960)]
        );
        let mut card = ReviewCard::new("h".into(), 100);
        card.review(Recall::Wrong, 100);
        assert_eq!(
            (card.due_day, card.repetitions, card.learning, card.ease),
            (100, 0, true, 1960)
        );
        assert!(card.is_due(100), "practised the same day");
        card.review(Recall::Wrong, 100);
        assert_eq!((card.due_day, card.ease), (100, 1960));
        // Right ends the learning step: SM-2's intervals from 1 day.
        card.review(Recall::Hard, 100); // q = 3: EF − 0.14
        assert_eq!(
            (card.interval, card.ease, card.due_day, card.learning),
            (1, 1820, 101, false)
        );
        assert!(!card.is_due(100));
        card.review(Recall::Right, 101);
        assert_eq!((card.interval, card.ease, card.due_day), (6, 1820, 107));
        card.review(Recall::Right, 107);
        assert_eq!((card.interval, card.due_day), (11, 118)); // round(6 × 1.82) = 11
        assert!(!card.is_due(117));
        assert!(card.is_due(118));
        assert!(card.is_due(200));
        // A second lapse, a day later: the ease goes down again (floor 1.3).
        card.review(Recall::Wrong, 118);
        assert_eq!((card.ease, card.due_day, card.learning), (1300, 118, true));
        card.review(Recall::Wrong, 118);
        card.review(Recall::Easy, 118);
        assert_eq!((card.ease, card.due_day), (1400, 119));
        card.review(Recall::Wrong, 119);
        assert_eq!(card.ease, 1300, "never below 1.3");
    }

    #[test]
    fn the_learning_flag_is_stored_only_when_set_and_old_cards_read_without_it() {
        let mut card = ReviewCard::new("h".into(), 5);
        let text = serde_json::to_string(&card).unwrap();
        assert!(!text.contains("learning"), "{text}");
        card.review(Recall::Wrong, 5);
        let text = serde_json::to_string(&card).unwrap();
        assert!(text.contains("\"learning\":true"), "{text}");
        assert_eq!(serde_json::from_str::<ReviewCard>(&text).unwrap(), card);
        // A card stored before the learning step existed (schema 1).
        let old: ReviewCard = serde_json::from_str(
            r#"{"hash":"h","ease":1960,"interval":1,"repetitions":0,"dueDay":6,"lastDay":5}"#,
        )
        .unwrap();
        assert_eq!((old.learning, old.due_day, old.interval), (false, 6, 1));
    }
}
