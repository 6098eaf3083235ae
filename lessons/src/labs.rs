//! Labs: hands-on exercises in the sandbox, as validated data.
//!
//! A lab is one TOML file, `content/labs/NN-<id>.toml` (`NN` its
//! `order`), parsed and checked by [`crate::validate`] like the quizzes.
//! This crate keeps a lab's goals as plain data ([`LabGoal::spec`], a
//! table with a `kind`): the engine's `stevedore_engine::goals` module
//! knows the vocabulary and checks goals against an account, and
//! `stevedore_cli::labs` replays start states and solutions (this crate
//! stays free of the engine, so the study pages can use it alone).
//!
//! ```toml
//! id = "create-cluster"                 # slug, unique; never rename
//! title = "DemoCluster: Fargate and an Auto Scaling group"
//! order = 1                             # unique; the file is 01-create-cluster.toml
//! lessons = ["hands-on-create-cluster", "ecs-auto-scaling#capacity-providers-with-managed-scaling"]
//! minutes = 20                          # estimated time
//! difficulty = "beginner"               # beginner, intermediate or advanced
//! intro = """
//! Markdown: what the lab is about and what is already there.
//! """
//! start = """
//! # optional: lines run on a fresh account before the learner starts
//! # (aws …, docker …, sim …, the shell's features; `# expect-error` too)
//! """
//!
//! [[step]]
//! title = "Create the cluster"
//! text = """
//! Markdown: what to do in this step.
//! """
//! hints = ["Markdown, revealed one at a time", "the next hint"]
//! solution = """
//! aws ecs create-cluster --cluster-name DemoCluster
//! """
//!
//!   [[step.goal]]                       # at least one
//!   kind = "cluster"                    # the engine's goal vocabulary
//!   name = "DemoCluster"
//! ```
//!
//! `lessons` names the lessons the lab belongs to (`<lesson-id>` or
//! `<lesson-id>#<heading-anchor>`); the validator checks that they resolve,
//! as it does for links in the Markdown. The scripts (`start`, `solution`)
//! are command lines as `stevedore run` reads them.

use serde::{Deserialize, Serialize};

/// How demanding a lab is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Beginner,
    Intermediate,
    Advanced,
}

impl Difficulty {
    /// The spelling in lab files.
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Beginner => "beginner",
            Difficulty::Intermediate => "intermediate",
            Difficulty::Advanced => "advanced",
        }
    }

    pub(crate) fn parse(word: &str) -> Option<Difficulty> {
        match word {
            "beginner" => Some(Difficulty::Beginner),
            "intermediate" => Some(Difficulty::Intermediate),
            "advanced" => Some(Difficulty::Advanced),
            _ => None,
        }
    }
}

/// A lesson (and optionally one of its headings) a lab belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonRef {
    pub lesson: String,
    /// A heading anchor of the lesson.
    pub section: Option<String>,
}

/// Command lines, with where they start in the lab file (for diagnostics).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Script {
    pub text: String,
    /// The file line of the script's first line.
    pub line: usize,
}

/// One goal: the engine's goal table (`kind` and its fields) as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabGoal {
    pub spec: serde_json::Value,
    /// The file line of its `[[step.goal]]` header (or inline table).
    pub line: usize,
}

impl LabGoal {
    /// The goal's `kind`.
    pub fn kind(&self) -> &str {
        self.spec
            .get("kind")
            .and_then(|k| k.as_str())
            .unwrap_or_default()
    }
}

/// One step: what to do, hints, the goals that say it is done, and a
/// reference solution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabStep {
    pub title: String,
    /// The rendered instructions (block HTML).
    pub text_html: String,
    /// Rendered hints (block HTML), to reveal one at a time.
    pub hints_html: Vec<String>,
    pub goals: Vec<LabGoal>,
    pub solution: Script,
    /// The file line of its `[[step]]` header.
    pub line: usize,
}

/// One lab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lab {
    pub id: String,
    pub title: String,
    /// Position in the list of labs; unique.
    pub order: u32,
    /// At least one.
    pub lessons: Vec<LessonRef>,
    /// Estimated minutes.
    pub minutes: u32,
    pub difficulty: Difficulty,
    /// The rendered introduction (block HTML).
    pub intro_html: String,
    /// Lines run on a fresh account before the learner starts (empty: none).
    pub start: Script,
    /// At least one.
    pub steps: Vec<LabStep>,
    /// The source file (`content/labs/NN-<id>.toml`), for diagnostics.
    pub path: String,
}
