//! The public images the simulator knows: the Docker Official Images and
//! popular images the course and AWS's tutorials use, with the tags that
//! really exist on Docker Hub, and their mirrors on ECR Public
//! (`public.ecr.aws`, F10.1). Pulling a repository the catalogue does not
//! have fails as "repository does not exist"; a tag it does not have as
//! "not found".
//!
//! A [`Repository`] lists its version lines (newest first), the variants
//! of its images and the aliases of its lines. A tag names one image:
//! - `latest`: the newest line's default variant;
//! - a line (`1.27`), a patch release of it (`1.27.3`, within the line's
//!   known patch numbers) or a major version (`1`: its newest line);
//! - an alias (`stable`, `mainline`, `lts`, `bookworm`, `jammy`);
//! - a variant alone (`alpine`: the newest line's alpine image), or any of
//!   the above with `-<variant>` (`1.27-alpine`, `3.12-slim`, `21-jre`,
//!   `bookworm-slim`).
//!
//! The tags that name the same (line, patch, variant) name the same image
//! and digest (`1.27`, `1.27.5` and, when 1.27 is the newest line,
//! `latest`). Sizes are APPROXIMATE compressed (download) sizes for
//! linux/amd64 of recent releases, realistic relative to each other
//! (busybox tiny, alpine small, Debian-based medium, python or golang
//! large). Digests are derived from the repository and the image's main
//! tag (they are not the real registry digests). Scan findings are
//! SIMULATED (ids `SIM-…`), not real CVEs.
//!
//! Three repositories are the simulator's own samples, not real Docker Hub
//! images: `stevedore/sqs-worker` (tags `1.0`, `latest`), a queue worker
//! that reads `QUEUE_URL` and `MESSAGES_PER_SECOND` from its environment
//! and receives and deletes that many messages a second per task with the
//! task role's credentials; it long-polls when `WAIT_TIME_SECONDS` (0–20)
//! or else the queue's `ReceiveMessageWaitTimeSeconds` is above 0, so idle
//! it makes one empty receive per wait instead of one a second
//! (engine/src/sqs/worker.rs). Another is
//! `stevedore/efs-notes` (tags `1.0`, `latest`): at start it appends a line
//! with its task id and Availability Zone to `notes.txt` in `NOTES_DIR`
//! (default `/mnt/efs`, meant to be an EFS mount point) and serves that
//! file over HTTP on port 80, so tasks sharing a file system show each
//! other's lines (engine/src/efs/files.rs). And `stevedore/s3-to-dynamodb`
//! (tags `1.0`, `latest`): it reads the S3 object `BUCKET`/`KEY` named in
//! its environment, writes one item about it (key attribute
//! `KEY_ATTRIBUTE`, default `pk`; size, ETag, the first lines) to the
//! DynamoDB table `TABLE` with the task role's credentials and exits 0, or
//! logs boto3's error and exits 1 (engine/src/ecs/s3_worker.rs).

use super::Reference;
use super::digest_of;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A simulated basic-scan finding (F10.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogueFinding {
    pub name: &'static str,
    pub severity: &'static str,
    pub package: &'static str,
    pub version: &'static str,
    pub description: &'static str,
}

/// One image (one digest), as a tag resolves to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueImage {
    /// Docker Hub repository path (`library/nginx`, `nginxdemos/hello`).
    pub repository: &'static str,
    /// The image's main tag (`latest`, `1.27`, `1.27.3-alpine`, `alpine`).
    pub tag: String,
    pub size_bytes: u64,
    pub findings: &'static [CatalogueFinding],
    pub serves: Option<Served>,
    pub digest: String,
}

/// A version line (`1.27`), and its patch releases (`1.27.0` to `1.27.5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// `1.27`, `3.12`, `22`, `24.04`; empty for a repository that has only
    /// `latest` (and its variants).
    pub version: &'static str,
    /// The first and last patch numbers released (`1.27.0`..=`1.27.5`), if
    /// the repository tags patch releases.
    pub patches: Option<(u16, u16)>,
    /// MB more (or fewer) than the newest line's images.
    pub mb_delta: i64,
}

/// A variant of a repository's images (`alpine`, `slim`, `jre`); the
/// first of a repository's variants is the default (no suffix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    pub name: &'static str,
    /// Compressed size in MB (kB for the tiny ones: see `kb`) on the
    /// newest line.
    pub mb: u64,
    pub findings: &'static [CatalogueFinding],
    /// What this variant serves instead of the repository's (nginxdemos'
    /// `plain-text`).
    pub serves: Option<Served>,
}

/// A repository of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repository {
    /// Docker Hub path (`library/nginx`).
    pub path: &'static str,
    /// Newest first.
    pub lines: &'static [Line],
    /// The default variant first.
    pub variants: &'static [Variant],
    /// Other names of lines: (`stable`, `1.28`), (`jammy`, `22.04`).
    pub aliases: &'static [(&'static str, &'static str)],
    pub serves: Option<Served>,
}

const MB: u64 = 1_000_000;

const DEBIAN_FINDINGS: &[CatalogueFinding] = &[
    CatalogueFinding {
        name: "SIM-2026-0001",
        severity: "HIGH",
        package: "openssl",
        version: "3.0.15-1~deb12u1",
        description: "Simulated finding: an outdated openssl package in the Debian base layer.",
    },
    CatalogueFinding {
        name: "SIM-2026-0002",
        severity: "MEDIUM",
        package: "libc6",
        version: "2.36-9+deb12u9",
        description: "Simulated finding: a glibc issue fixed in a later Debian point release.",
    },
    CatalogueFinding {
        name: "SIM-2026-0003",
        severity: "LOW",
        package: "tar",
        version: "1.34+dfsg-1.2+deb12u1",
        description: "Simulated finding: a low-impact issue in tar.",
    },
];

const UBUNTU_FINDINGS: &[CatalogueFinding] = &[
    CatalogueFinding {
        name: "SIM-2026-0010",
        severity: "CRITICAL",
        package: "php",
        version: "5.5.9",
        description: "Simulated finding: an end-of-life PHP runtime.",
    },
    CatalogueFinding {
        name: "SIM-2026-0011",
        severity: "HIGH",
        package: "apache2",
        version: "2.4.7",
        description: "Simulated finding: an end-of-life Apache httpd build.",
    },
];

const ALPINE_FINDINGS: &[CatalogueFinding] = &[CatalogueFinding {
    name: "SIM-2026-0020",
    severity: "LOW",
    package: "busybox",
    version: "1.36.1-r29",
    description: "Simulated finding: a low-impact issue in busybox utilities.",
}];

/// What a catalogue image's default command serves, for the simulated
/// client ([`crate::reach`]): the TCP port its server listens on inside the
/// container and the kind of reply (an image that serves nothing listens
/// on nothing). Images built `FROM` a catalogue image serve what their
/// base serves (MODEL: the added layers are content, not a new server).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Served {
    pub port: u16,
    pub page: Page,
}

/// The reply of a served port (rendered by [`crate::reach`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// nginxdemos/hello: an HTML "Hello World" page showing the server's
    /// address and name, the date and the URI, at `/` (and `/index.html`);
    /// other paths are nginx's 404 (its config serves files from a root).
    NginxDemosHello,
    /// nginxdemos/hello:plain-text: the same facts as plain text.
    NginxDemosHelloPlain,
    /// nginx's default "Welcome to nginx!" page at `/` (404 elsewhere).
    NginxWelcome,
    /// Apache httpd's default "It works!" page at `/` (404 elsewhere).
    HttpdItWorks,
    /// amazon/amazon-ecs-sample: the "Amazon ECS Sample App" PHP page.
    EcsSample,
    /// Tomcat without a ROOT application: its "HTTP Status 404 – Not
    /// Found" page at every path.
    TomcatNotFound,
    /// WordPress before its setup: a 302 to `/wp-admin/setup-config.php`.
    WordPressInstall,
    /// traefik/whoami: the request as the server saw it, as text.
    Whoami,
    /// stevedore/efs-notes: its notes file as plain text, at every path
    /// (the body is read from the task's file system by [`crate::reach`]).
    EfsNotes,
    /// A server that does not speak HTTP (Redis, PostgreSQL): it closes
    /// the connection on an HTTP request (curl: empty reply).
    NotHttp,
}

const fn line(version: &'static str, first: u16, last: u16, mb_delta: i64) -> Line {
    Line {
        version,
        patches: Some((first, last)),
        mb_delta,
    }
}

const fn only(version: &'static str, mb_delta: i64) -> Line {
    Line {
        version,
        patches: None,
        mb_delta,
    }
}

const fn v(name: &'static str, mb: u64, findings: &'static [CatalogueFinding]) -> Variant {
    Variant {
        name,
        mb,
        findings,
        serves: None,
    }
}

const fn serves(port: u16, page: Page) -> Option<Served> {
    Some(Served { port, page })
}

/// Sizes below 1 MB are written in kB: `mb` holds kB for these
/// repositories' variants (busybox, alpine).
const TINY: &[&str] = &["library/busybox", "library/alpine"];

const DEB: &[CatalogueFinding] = DEBIAN_FINDINGS;
const ALP: &[CatalogueFinding] = ALPINE_FINDINGS;

/// The catalogue, by Docker Hub path.
pub const REPOSITORIES: &[Repository] = &[
    Repository {
        path: "library/nginx",
        lines: &[
            line("1.29", 0, 3, 0),
            line("1.28", 0, 0, -2),
            line("1.27", 0, 5, -4),
            line("1.26", 0, 3, -5),
            line("1.25", 0, 5, -6),
        ],
        variants: &[
            v("", 72, DEB),
            v("alpine", 21, ALP),
            v("alpine-slim", 5, ALP),
            v("bookworm", 72, DEB),
            v("perl", 78, DEB),
            v("alpine-perl", 28, ALP),
        ],
        aliases: &[("mainline", "1.29"), ("stable", "1.28")],
        serves: serves(80, Page::NginxWelcome),
    },
    Repository {
        path: "library/httpd",
        lines: &[line("2.4", 57, 65, 0)],
        variants: &[v("", 58, DEB), v("alpine", 23, ALP), v("bookworm", 58, DEB)],
        aliases: &[],
        serves: serves(80, Page::HttpdItWorks),
    },
    Repository {
        path: "library/redis",
        lines: &[
            line("8.2", 0, 2, 0),
            line("8.0", 0, 3, -2),
            line("7.4", 0, 5, -7),
            line("7.2", 0, 10, -8),
            line("6.2", 0, 19, -12),
        ],
        variants: &[v("", 52, DEB), v("alpine", 18, ALP), v("bookworm", 52, DEB)],
        aliases: &[],
        serves: serves(6379, Page::NotHttp),
    },
    Repository {
        path: "library/python",
        lines: &[
            line("3.13", 0, 7, 0),
            line("3.12", 0, 11, -1),
            line("3.11", 0, 13, -2),
            line("3.10", 0, 18, -3),
            line("3.9", 0, 23, -4),
        ],
        variants: &[
            v("", 380, DEB),
            v("slim", 46, DEB),
            v("alpine", 18, ALP),
            v("bookworm", 380, DEB),
            v("slim-bookworm", 46, DEB),
        ],
        aliases: &[],
        serves: None,
    },
    Repository {
        path: "library/node",
        lines: &[
            only("24", 0),
            only("22", -1),
            only("20", -2),
            only("18", -4),
        ],
        variants: &[
            v("", 400, DEB),
            v("alpine", 48, ALP),
            v("slim", 75, DEB),
            v("bookworm", 400, DEB),
            v("bookworm-slim", 75, DEB),
        ],
        aliases: &[("current", "24"), ("lts", "22")],
        serves: None,
    },
    Repository {
        path: "library/postgres",
        lines: &[
            line("17", 0, 6, 2),
            line("16", 0, 10, 0),
            line("15", 0, 14, -3),
            line("14", 0, 19, -5),
            line("13", 0, 22, -8),
        ],
        variants: &[
            v("", 150, DEB),
            v("alpine", 100, ALP),
            v("bookworm", 150, DEB),
        ],
        aliases: &[],
        serves: serves(5432, Page::NotHttp),
    },
    Repository {
        path: "library/mysql",
        lines: &[
            line("9.4", 0, 0, 0),
            line("8.4", 0, 6, -5),
            line("8.0", 0, 43, -10),
        ],
        variants: &[v("", 170, &[]), v("oracle", 170, &[])],
        aliases: &[("lts", "8.4"), ("innovation", "9.4")],
        serves: serves(3306, Page::NotHttp),
    },
    Repository {
        path: "library/mongo",
        lines: &[
            line("8.0", 0, 12, 0),
            line("7.0", 0, 21, -20),
            line("6.0", 0, 24, -40),
        ],
        variants: &[v("", 280, &[]), v("noble", 280, &[]), v("jammy", 270, &[])],
        aliases: &[],
        serves: serves(27017, Page::NotHttp),
    },
    Repository {
        path: "library/memcached",
        lines: &[line("1.6", 0, 39, 0)],
        variants: &[v("", 30, DEB), v("alpine", 5, ALP)],
        aliases: &[],
        serves: serves(11211, Page::NotHttp),
    },
    Repository {
        path: "library/rabbitmq",
        lines: &[line("4.1", 0, 4, 0), line("3.13", 0, 7, -10)],
        variants: &[
            v("", 95, &[]),
            v("management", 115, &[]),
            v("alpine", 60, ALP),
            v("management-alpine", 80, ALP),
        ],
        aliases: &[],
        serves: serves(5672, Page::NotHttp),
    },
    Repository {
        path: "library/tomcat",
        lines: &[
            line("11.0", 0, 10, 0),
            line("10.1", 0, 44, -2),
            line("9.0", 0, 108, -4),
        ],
        variants: &[v("", 200, DEB)],
        aliases: &[],
        serves: serves(8080, Page::TomcatNotFound),
    },
    Repository {
        path: "library/wordpress",
        lines: &[line("6.8", 0, 3, 0), line("6.7", 0, 2, -2)],
        variants: &[v("", 260, DEB), v("apache", 260, DEB)],
        aliases: &[],
        serves: serves(80, Page::WordPressInstall),
    },
    Repository {
        path: "library/golang",
        lines: &[
            line("1.25", 0, 3, 0),
            line("1.24", 0, 9, -4),
            line("1.23", 0, 12, -8),
        ],
        variants: &[
            v("", 290, DEB),
            v("alpine", 80, ALP),
            v("bookworm", 290, DEB),
        ],
        aliases: &[],
        serves: None,
    },
    Repository {
        path: "library/eclipse-temurin",
        lines: &[
            only("25", 0),
            only("21", -5),
            only("17", -10),
            only("11", -15),
        ],
        variants: &[
            v("", 195, DEB),
            v("jdk", 195, DEB),
            v("jre", 90, DEB),
            v("jdk-alpine", 155, ALP),
            v("jre-alpine", 60, ALP),
        ],
        aliases: &[],
        serves: None,
    },
    Repository {
        path: "library/busybox",
        lines: &[line("1.37", 0, 0, 0), line("1.36", 0, 1, 0)],
        // kB (TINY).
        variants: &[
            v("", 2_200, &[]),
            v("musl", 900, &[]),
            v("glibc", 2_200, &[]),
            v("uclibc", 1_000, &[]),
        ],
        aliases: &[],
        serves: None,
    },
    Repository {
        path: "library/alpine",
        lines: &[
            line("3.22", 0, 1, 0),
            line("3.21", 0, 4, 0),
            line("3.20", 0, 7, 0),
            line("3.19", 0, 8, 0),
        ],
        // kB (TINY).
        variants: &[v("", 3_600, ALP)],
        aliases: &[],
        serves: None,
    },
    Repository {
        path: "library/ubuntu",
        lines: &[only("24.04", 0), only("22.04", 1), only("20.04", -2)],
        variants: &[v("", 29, UBUNTU_FINDINGS)],
        aliases: &[("noble", "24.04"), ("jammy", "22.04"), ("focal", "20.04")],
        serves: None,
    },
    Repository {
        path: "library/debian",
        lines: &[line("12", 1, 11, 0), line("11", 1, 11, 3)],
        variants: &[v("", 48, DEB), v("slim", 28, DEB)],
        aliases: &[("bookworm", "12"), ("bullseye", "11")],
        serves: None,
    },
    Repository {
        path: "library/amazonlinux",
        lines: &[only("2023", 0), only("2", 2)],
        variants: &[v("", 60, &[])],
        aliases: &[],
        serves: None,
    },
    Repository {
        path: "nginxdemos/hello",
        lines: &[only("0.4", 0), only("0.3", 0)],
        variants: &[
            v("", 10, ALP),
            Variant {
                name: "plain-text",
                mb: 10,
                findings: ALP,
                serves: serves(80, Page::NginxDemosHelloPlain),
            },
        ],
        aliases: &[],
        serves: serves(80, Page::NginxDemosHello),
    },
    Repository {
        path: "traefik/whoami",
        lines: &[only("v1.11", 0), only("v1.10", 0)],
        variants: &[v("", 3, &[])],
        aliases: &[],
        serves: serves(80, Page::Whoami),
    },
    Repository {
        path: "amazon/amazon-ecs-sample",
        lines: &[only("", 0)],
        variants: &[v("", 122, UBUNTU_FINDINGS)],
        aliases: &[],
        serves: serves(80, Page::EcsSample),
    },
    // The AWS CLI v2 (entrypoint `aws`, engine/src/ecs/aws_cli.rs): Amazon
    // Linux 2023 base plus the bundled CLI.
    Repository {
        path: "amazon/aws-cli",
        lines: &[
            line("2.31", 0, 20, 0),
            line("2.30", 0, 7, 0),
            line("2.27", 0, 50, -2),
            line("2.22", 0, 35, -4),
        ],
        variants: &[v("", 130, &[])],
        aliases: &[],
        serves: None,
    },
    // The SIMULATOR'S OWN sample queue worker (not a real Docker Hub
    // image): it polls the queue in QUEUE_URL and processes
    // MESSAGES_PER_SECOND messages a second per task, long-polling with
    // WAIT_TIME_SECONDS or the queue's ReceiveMessageWaitTimeSeconds
    // (engine/src/sqs/worker.rs). A small Python image.
    Repository {
        path: "stevedore/sqs-worker",
        lines: &[only("1.0", 0)],
        variants: &[v("", 52, &[])],
        aliases: &[],
        serves: None,
    },
    // The SIMULATOR'S OWN sample S3-to-DynamoDB worker (not a real Docker
    // Hub image): reads the object BUCKET/KEY and writes an item to TABLE,
    // then exits (engine/src/ecs/s3_worker.rs). A small Python image with
    // boto3.
    Repository {
        path: "stevedore/s3-to-dynamodb",
        lines: &[only("1.0", 0)],
        variants: &[v("", 55, &[])],
        aliases: &[],
        serves: None,
    },
    // The SIMULATOR'S OWN sample of shared files (not a real Docker Hub
    // image): appends a line to NOTES_DIR/notes.txt at start and serves the
    // file on port 80 (engine/src/efs/files.rs). A small Alpine image.
    Repository {
        path: "stevedore/efs-notes",
        lines: &[only("1.0", 0)],
        variants: &[v("", 8, &[])],
        aliases: &[],
        serves: serves(80, Page::EfsNotes),
    },
    Repository {
        path: "amazon/aws-for-fluent-bit",
        lines: &[line("2.32", 0, 6, 0), line("2.31", 0, 12, 0)],
        variants: &[v("", 45, &[])],
        aliases: &[("stable", "2.32")],
        serves: None,
    },
    Repository {
        path: "amazon/cloudwatch-agent",
        lines: &[only("", 0)],
        variants: &[v("", 60, &[])],
        aliases: &[],
        serves: None,
    },
];

/// ECR Public paths and the Docker Hub repository each mirrors:
/// `nginx/nginx` (published by NGINX), `docker/library/<name>` (Docker
/// Official Images) and AWS's own.
const ECR_PUBLIC: &[(&str, &str)] = &[
    ("nginx/nginx", "library/nginx"),
    (
        "ecs-sample-image/amazon-ecs-sample",
        "amazon/amazon-ecs-sample",
    ),
    ("aws-cli/aws-cli", "amazon/aws-cli"),
    ("amazonlinux/amazonlinux", "library/amazonlinux"),
    (
        "aws-observability/aws-for-fluent-bit",
        "amazon/aws-for-fluent-bit",
    ),
    (
        "cloudwatch-agent/cloudwatch-agent",
        "amazon/cloudwatch-agent",
    ),
];

impl Repository {
    fn variant(&self, name: &str) -> Option<usize> {
        self.variants.iter().position(|v| v.name == name)
    }

    /// The line (and patch) a version text names: a line, a patch release
    /// of one, a major version, or an alias.
    fn version(&self, text: &str) -> Option<(usize, Option<u16>)> {
        let text = self
            .aliases
            .iter()
            .find(|(alias, _)| *alias == text)
            .map_or(text, |(_, target)| target);
        if let Some(i) = self
            .lines
            .iter()
            .position(|l| l.version == text && !text.is_empty())
        {
            return Some((i, None));
        }
        // A patch release: `<line>.<patch>`.
        if let Some((base, patch)) = text.rsplit_once('.')
            && let Some(i) = self.lines.iter().position(|l| l.version == base)
            && let Some((first, last)) = self.lines[i].patches
            && let Ok(p) = patch.parse::<u16>()
            && patch == p.to_string()
            && (first..=last).contains(&p)
        {
            return Some((i, Some(p)));
        }
        // A major version: its newest line (`1` → `1.29`).
        self.lines
            .iter()
            .position(|l| {
                l.version
                    .strip_prefix(text)
                    .is_some_and(|rest| rest.starts_with('.'))
            })
            .map(|i| (i, None))
    }

    /// (line, patch, variant) of a tag.
    fn resolve(&self, tag: &str) -> Option<(usize, Option<u16>, usize)> {
        if tag == "latest" {
            return Some((0, None, 0));
        }
        if let Some(variant) = self.variant(tag).filter(|v| *v > 0) {
            return Some((0, None, variant));
        }
        // `<version>` or `<version>-<variant>` (variants may hold `-`).
        let mut split = Some(tag.len());
        while let Some(at) = split {
            let (version, rest) = tag.split_at(at);
            let variant = match rest.strip_prefix('-') {
                Some(name) => self.variant(name).filter(|v| *v > 0),
                None => Some(0),
            };
            if let Some(variant) = variant
                && let Some((line, patch)) = self.version(version)
            {
                return Some((line, patch, variant));
            }
            split = version.rfind('-');
        }
        None
    }

    /// The image of (line, patch, variant); `patch: None` is the line's
    /// latest patch, the same image.
    /// The main tag of (line, patch, variant): `latest`, `alpine`, `1.27`,
    /// `1.27.3-alpine` (`patch: None` is the line's latest patch).
    fn main_tag(&self, line: usize, patch: Option<u16>, variant: usize) -> String {
        let l = &self.lines[line];
        let latest_patch = l.patches.map(|(_, last)| last);
        let patch = patch.filter(|p| Some(*p) != latest_patch);
        let var = &self.variants[variant];
        let version = match patch {
            Some(p) => format!("{}.{p}", l.version),
            None if line == 0 || l.version.is_empty() => String::new(),
            None => l.version.to_owned(),
        };
        match (version.is_empty(), var.name.is_empty()) {
            (true, true) => "latest".to_owned(),
            (true, false) => var.name.to_owned(),
            (false, true) => version,
            (false, false) => format!("{version}-{}", var.name),
        }
    }

    fn image(&self, line: usize, patch: Option<u16>, variant: usize) -> CatalogueImage {
        let l = &self.lines[line];
        let var = &self.variants[variant];
        let tag = self.main_tag(line, patch, variant);
        let unit = if TINY.contains(&self.path) { 1_000 } else { MB };
        let size = (var.mb * unit).saturating_add_signed(l.mb_delta * MB as i64);
        CatalogueImage {
            repository: self.path,
            digest: digest_of(&format!("catalogue:{}:{tag}", self.path)),
            tag,
            size_bytes: size.max(unit),
            findings: var.findings,
            serves: var.serves.or(self.serves),
        }
    }

    /// Every image of the repository, one per (line, patch, variant).
    fn images(&self) -> impl Iterator<Item = CatalogueImage> + '_ {
        self.lines.iter().enumerate().flat_map(move |(i, l)| {
            let patches: Vec<Option<u16>> = match l.patches {
                Some((first, last)) => (first..=last).map(Some).collect(),
                None => vec![None],
            };
            patches.into_iter().flat_map(move |p| {
                (0..self.variants.len()).map(move |variant| self.image(i, p, variant))
            })
        })
    }
}

fn repository(hub_path: &str) -> Option<usize> {
    REPOSITORIES.iter().position(|r| r.path == hub_path)
}

/// Each repository's images, sorted by main tag, built the first time one
/// of them is pulled (a digest is a SHA-256: building them all costs tens
/// of milliseconds in the browser, and an account pulls a few).
fn repository_images(index: usize) -> &'static [CatalogueImage] {
    static IMAGES: [OnceLock<Vec<CatalogueImage>>; REPOSITORIES.len()] =
        [const { OnceLock::new() }; REPOSITORIES.len()];
    IMAGES[index].get_or_init(|| {
        let mut images: Vec<CatalogueImage> = REPOSITORIES[index].images().collect();
        images.sort_by(|a, b| a.tag.cmp(&b.tag));
        images
    })
}

/// Every catalogue image by digest (built once, when a digest is looked
/// up: the scans and the reach checks).
fn by_digest_map() -> &'static BTreeMap<&'static str, &'static CatalogueImage> {
    static MAP: OnceLock<BTreeMap<&'static str, &'static CatalogueImage>> = OnceLock::new();
    MAP.get_or_init(|| {
        (0..REPOSITORIES.len())
            .flat_map(repository_images)
            .map(|i| (i.digest.as_str(), i))
            .collect()
    })
}

/// The catalogue image with this digest.
pub fn by_digest(digest: &str) -> Option<&'static CatalogueImage> {
    by_digest_map().get(digest).copied()
}

impl CatalogueImage {
    /// `nginx:latest`, as Docker shows official images.
    pub fn display_name(&self) -> String {
        let repo = self
            .repository
            .strip_prefix("library/")
            .unwrap_or(self.repository);
        format!("{repo}:{}", self.tag)
    }
}

/// What `image` serves, if anything.
pub fn served_by(image: &CatalogueImage) -> Option<Served> {
    image.serves
}

/// The Docker Hub repository path an ECR Public path mirrors.
pub fn public_ecr_mirror(path: &str) -> Option<String> {
    if let Some((_, hub)) = ECR_PUBLIC.iter().find(|(p, _)| *p == path) {
        return Some((*hub).to_owned());
    }
    let name = path.strip_prefix("docker/library/")?;
    let hub = format!("library/{name}");
    repository_exists(&hub).then_some(hub)
}

pub fn repository_exists(hub_path: &str) -> bool {
    repository(hub_path).is_some()
}

/// The image `hub_path:tag` or `hub_path@digest` names, if any.
pub fn find(hub_path: &str, reference: &Reference) -> Option<&'static CatalogueImage> {
    match reference {
        Reference::Tag(tag) => {
            let index = repository(hub_path)?;
            let r = &REPOSITORIES[index];
            let (line, patch, variant) = r.resolve(tag)?;
            let main = r.main_tag(line, patch, variant);
            let images = repository_images(index);
            images
                .binary_search_by(|i| i.tag.as_str().cmp(&main))
                .ok()
                .map(|at| &images[at])
        }
        Reference::Digest(d) => by_digest(d).filter(|i| i.repository == hub_path),
    }
}

/// The findings of an image built on `base` (a catalogue digest, or an
/// image built from one).
pub fn findings_for_digest(digest: &str) -> &'static [CatalogueFinding] {
    by_digest(digest).map_or(&[], |i| i.findings)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn tag(repo: &str, tag: &str) -> Option<&'static CatalogueImage> {
        find(repo, &Reference::Tag(tag.into()))
    }

    #[test]
    fn tags_resolve_as_docker_hub_names_them() {
        let nginx = |t: &str| tag("library/nginx", t).map(|i| i.tag.clone());
        assert_eq!(nginx("latest").as_deref(), Some("latest"));
        assert_eq!(nginx("1.29").as_deref(), Some("latest"));
        assert_eq!(nginx("1.29.3").as_deref(), Some("latest"));
        assert_eq!(nginx("mainline").as_deref(), Some("latest"));
        assert_eq!(nginx("1").as_deref(), Some("latest"));
        assert_eq!(nginx("1.29.1").as_deref(), Some("1.29.1"));
        assert_eq!(nginx("stable").as_deref(), Some("1.28"));
        assert_eq!(nginx("1.27").as_deref(), Some("1.27"));
        assert_eq!(nginx("1.27.5").as_deref(), Some("1.27"));
        assert_eq!(nginx("1.27.3-alpine").as_deref(), Some("1.27.3-alpine"));
        assert_eq!(nginx("alpine").as_deref(), Some("alpine"));
        assert_eq!(
            nginx("1.25-alpine-slim").as_deref(),
            Some("1.25-alpine-slim")
        );
        assert_eq!(nginx("stable-alpine").as_deref(), Some("1.28-alpine"));
        for missing in [
            "1.30",
            "1.27.6",
            "1.27.03",
            "1.24",
            "2",
            "edge",
            "1.27-edge",
            "",
            "-alpine",
        ] {
            assert_eq!(nginx(missing), None, "{missing}");
        }
        let t = |repo: &str, t: &str| tag(repo, t).map(|i| i.tag.clone());
        assert_eq!(t("library/httpd", "2.4").as_deref(), Some("latest"));
        assert_eq!(t("library/httpd", "2.4.59").as_deref(), Some("2.4.59"));
        assert_eq!(t("library/redis", "7").as_deref(), Some("7.4"));
        assert_eq!(
            t("library/python", "3.12-slim").as_deref(),
            Some("3.12-slim")
        );
        assert_eq!(
            t("library/python", "3.12.4-slim-bookworm").as_deref(),
            Some("3.12.4-slim-bookworm")
        );
        assert_eq!(t("library/node", "20-alpine").as_deref(), Some("20-alpine"));
        assert_eq!(
            t("library/node", "lts-alpine").as_deref(),
            Some("22-alpine")
        );
        assert_eq!(
            t("library/debian", "bookworm-slim").as_deref(),
            Some("slim")
        );
        assert_eq!(t("library/ubuntu", "jammy").as_deref(), Some("22.04"));
        assert_eq!(
            t("library/eclipse-temurin", "21-jre").as_deref(),
            Some("21-jre")
        );
        assert_eq!(t("amazon/aws-cli", "2.22.0").as_deref(), Some("2.22.0"));
        assert_eq!(
            t("amazon/amazon-ecs-sample", "latest").as_deref(),
            Some("latest")
        );
        assert_eq!(t("amazon/amazon-ecs-sample", "1"), None);
        assert_eq!(
            t("nginxdemos/hello", "plain-text").as_deref(),
            Some("plain-text")
        );
        assert_eq!(t("library/nope", "latest"), None);
    }

    #[test]
    fn one_image_one_digest_and_sizes_are_plausible() {
        let n = |t: &str| tag("library/nginx", t).unwrap();
        assert_eq!(n("1.27").digest, n("1.27.5").digest);
        assert_ne!(n("1.27").digest, n("1.27.4").digest);
        assert_ne!(n("1.27").digest, n("1.27-alpine").digest);
        let size = |repo: &str, t: &str| tag(repo, t).unwrap().size_bytes;
        assert!(size("library/busybox", "latest") < size("library/alpine", "latest"));
        assert!(size("library/alpine", "latest") < size("library/nginx", "alpine"));
        assert!(size("library/nginx", "alpine") < size("library/nginx", "latest"));
        assert!(size("library/nginx", "latest") < size("library/postgres", "16"));
        assert!(size("library/python", "slim") < size("library/python", "latest"));
        // Every digest names one image.
        let all: usize = REPOSITORIES.iter().map(|r| r.images().count()).sum();
        assert_eq!(by_digest_map().len(), all);
        assert_eq!(
            public_ecr_mirror("docker/library/httpd").as_deref(),
            Some("library/httpd")
        );
        assert_eq!(
            public_ecr_mirror("nginx/nginx").as_deref(),
            Some("library/nginx")
        );
        assert_eq!(
            public_ecr_mirror("ecs-sample-image/amazon-ecs-sample").as_deref(),
            Some("amazon/amazon-ecs-sample")
        );
        assert_eq!(public_ecr_mirror("docker/library/nope"), None);
        // What they serve.
        assert_eq!(n("1.27-alpine").serves.map(|s| s.port), Some(80));
        let hello = tag("nginxdemos/hello", "plain-text").unwrap();
        assert_eq!(
            hello.serves.map(|s| s.page),
            Some(Page::NginxDemosHelloPlain)
        );
        assert_eq!(tag("library/python", "3.12").unwrap().serves, None);
    }
}
