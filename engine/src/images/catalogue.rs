//! The public images the simulator knows: a few Docker Hub images with
//! their common tags, and their mirrors on ECR Public (`public.ecr.aws`,
//! F10.1). Pulling anything else from a public registry fails as
//! "repository does not exist".
//!
//! Sizes are APPROXIMATE compressed (download) sizes for linux/amd64, from
//! typical values of recent releases; they only need to be realistic
//! relative to each other (busybox tiny, alpine small, Debian-based medium,
//! postgres large). Digests are derived from the name (they are not the real
//! registry digests). Scan findings are SIMULATED (ids `SIM-…`), not real CVEs.

use super::digest_of;

/// A simulated basic-scan finding (F10.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogueFinding {
    pub name: &'static str,
    pub severity: &'static str,
    pub package: &'static str,
    pub version: &'static str,
    pub description: &'static str,
}

/// One image (one digest) with the tags that point at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogueImage {
    /// Docker Hub repository path (`library/nginx`, `nginxdemos/hello`).
    pub repository: &'static str,
    pub tags: &'static [&'static str],
    pub size_bytes: u64,
    pub findings: &'static [CatalogueFinding],
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

pub const CATALOGUE: &[CatalogueImage] = &[
    CatalogueImage {
        repository: "library/nginx",
        tags: &["latest"],
        size_bytes: 72 * MB,
        findings: DEBIAN_FINDINGS,
    },
    CatalogueImage {
        repository: "library/nginx",
        tags: &["1.27"],
        size_bytes: 68 * MB,
        findings: DEBIAN_FINDINGS,
    },
    CatalogueImage {
        repository: "library/nginx",
        tags: &["alpine"],
        size_bytes: 21 * MB,
        findings: ALPINE_FINDINGS,
    },
    CatalogueImage {
        repository: "nginxdemos/hello",
        tags: &["latest"],
        size_bytes: 10 * MB,
        findings: ALPINE_FINDINGS,
    },
    CatalogueImage {
        repository: "nginxdemos/hello",
        tags: &["plain-text"],
        size_bytes: 10 * MB,
        findings: ALPINE_FINDINGS,
    },
    CatalogueImage {
        repository: "library/httpd",
        tags: &["latest", "2.4"],
        size_bytes: 58 * MB,
        findings: DEBIAN_FINDINGS,
    },
    CatalogueImage {
        repository: "library/redis",
        tags: &["latest"],
        size_bytes: 52 * MB,
        findings: DEBIAN_FINDINGS,
    },
    CatalogueImage {
        repository: "library/redis",
        tags: &["7"],
        size_bytes: 45 * MB,
        findings: DEBIAN_FINDINGS,
    },
    CatalogueImage {
        repository: "amazon/amazon-ecs-sample",
        tags: &["latest"],
        size_bytes: 122 * MB,
        findings: UBUNTU_FINDINGS,
    },
    // The AWS CLI v2 (entrypoint `aws`, engine/src/ecs/aws_cli.rs): Amazon
    // Linux 2023 base plus the bundled CLI, about 130 MB compressed.
    CatalogueImage {
        repository: "amazon/aws-cli",
        tags: &["latest", "2.22.0"],
        size_bytes: 130 * MB,
        findings: &[],
    },
    CatalogueImage {
        repository: "library/busybox",
        tags: &["latest"],
        size_bytes: 2_200_000,
        findings: &[],
    },
    CatalogueImage {
        repository: "library/python",
        tags: &["3.12-slim"],
        size_bytes: 45 * MB,
        findings: DEBIAN_FINDINGS,
    },
    CatalogueImage {
        repository: "library/node",
        tags: &["20-alpine"],
        size_bytes: 46 * MB,
        findings: ALPINE_FINDINGS,
    },
    CatalogueImage {
        repository: "library/postgres",
        tags: &["16"],
        size_bytes: 150 * MB,
        findings: DEBIAN_FINDINGS,
    },
];

/// What a catalogue image's default command serves, for the simulated
/// client ([`crate::reach`]): the TCP port its server listens on inside the
/// container and the kind of reply. Keyed by repository and tag so new
/// catalogue entries need no change here (an image with no row listens on
/// nothing). Images built `FROM` a catalogue image serve what their base
/// serves (MODEL: the added layers are content, not a new server).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Served {
    pub port: u16,
    pub page: Page,
}

/// The reply of a served port (rendered by [`crate::reach`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// nginxdemos/hello: an HTML "Hello World" page showing the server's
    /// address and name, the date and the URI, for any path.
    NginxDemosHello,
    /// nginxdemos/hello:plain-text: the same facts as plain text.
    NginxDemosHelloPlain,
    /// nginx's default "Welcome to nginx!" page at `/` (404 elsewhere).
    NginxWelcome,
    /// Apache httpd's default "It works!" page at `/` (404 elsewhere).
    HttpdItWorks,
    /// amazon/amazon-ecs-sample: the "Amazon ECS Sample App" PHP page.
    EcsSample,
    /// A server that does not speak HTTP (Redis, PostgreSQL): it closes
    /// the connection on an HTTP request (curl: empty reply).
    NotHttp,
}

/// (repository, tag or `*` for every tag, what it serves).
pub const SERVES: &[(&str, &str, Served)] = &[
    (
        "nginxdemos/hello",
        "plain-text",
        Served {
            port: 80,
            page: Page::NginxDemosHelloPlain,
        },
    ),
    (
        "nginxdemos/hello",
        "*",
        Served {
            port: 80,
            page: Page::NginxDemosHello,
        },
    ),
    (
        "library/nginx",
        "*",
        Served {
            port: 80,
            page: Page::NginxWelcome,
        },
    ),
    (
        "library/httpd",
        "*",
        Served {
            port: 80,
            page: Page::HttpdItWorks,
        },
    ),
    (
        "amazon/amazon-ecs-sample",
        "*",
        Served {
            port: 80,
            page: Page::EcsSample,
        },
    ),
    (
        "library/redis",
        "*",
        Served {
            port: 6379,
            page: Page::NotHttp,
        },
    ),
    (
        "library/postgres",
        "*",
        Served {
            port: 5432,
            page: Page::NotHttp,
        },
    ),
];

/// What `image` serves (see [`SERVES`]).
pub fn served_by(image: &CatalogueImage) -> Option<Served> {
    SERVES
        .iter()
        .find(|(repo, tag, _)| {
            *repo == image.repository && (*tag == "*" || image.tags.contains(tag))
        })
        .map(|(_, _, served)| *served)
}

/// The catalogue image with this digest.
pub fn by_digest(digest: &str) -> Option<&'static CatalogueImage> {
    CATALOGUE.iter().find(|i| i.digest() == digest)
}

impl CatalogueImage {
    /// A stable, made-up digest for the image (a SHA-256, computed once
    /// per catalogue entry: every task pull asks for it).
    pub fn digest(&self) -> String {
        static DIGESTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        let all = DIGESTS.get_or_init(|| {
            CATALOGUE
                .iter()
                .map(CatalogueImage::compute_digest)
                .collect()
        });
        CATALOGUE
            .iter()
            .position(|c| c.repository == self.repository && c.tags == self.tags)
            .and_then(|i| all.get(i).cloned())
            .unwrap_or_else(|| self.compute_digest())
    }

    fn compute_digest(&self) -> String {
        digest_of(&format!(
            "catalogue:{}:{}",
            self.repository,
            self.tags.join(",")
        ))
    }

    /// `nginx:latest`, as Docker shows official images.
    pub fn display_name(&self) -> String {
        let repo = self
            .repository
            .strip_prefix("library/")
            .unwrap_or(self.repository);
        format!("{repo}:{}", self.tags.first().copied().unwrap_or("latest"))
    }
}

/// The Docker Hub repository path an ECR Public path mirrors:
/// `nginx/nginx` (the NGINX-published image) and `docker/library/<name>`
/// (Docker Official Images).
pub fn public_ecr_mirror(path: &str) -> Option<String> {
    if path == "nginx/nginx" {
        return Some("library/nginx".to_owned());
    }
    let name = path.strip_prefix("docker/library/")?;
    let hub = format!("library/{name}");
    CATALOGUE.iter().any(|i| i.repository == hub).then_some(hub)
}

pub fn repository_exists(hub_path: &str) -> bool {
    CATALOGUE.iter().any(|i| i.repository == hub_path)
}

/// The image `hub_path:tag` or `hub_path@digest` names, if any.
pub fn find(hub_path: &str, reference: &super::Reference) -> Option<&'static CatalogueImage> {
    CATALOGUE.iter().find(|i| {
        i.repository == hub_path
            && match reference {
                super::Reference::Tag(t) => i.tags.contains(&t.as_str()),
                super::Reference::Digest(d) => &i.digest() == d,
            }
    })
}

/// The findings of an image built on `base` (a catalogue digest, or an
/// image built from one).
pub fn findings_for_digest(digest: &str) -> &'static [CatalogueFinding] {
    CATALOGUE
        .iter()
        .find(|i| i.digest() == digest)
        .map(|i| i.findings)
        .unwrap_or(&[])
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_digests_are_distinct_and_sizes_plausible() {
        let mut digests: Vec<String> = CATALOGUE.iter().map(|i| i.digest()).collect();
        digests.sort();
        digests.dedup();
        assert_eq!(digests.len(), CATALOGUE.len());
        let size = |repo: &str, tag: &str| {
            find(repo, &crate::images::Reference::Tag(tag.into()))
                .unwrap()
                .size_bytes
        };
        assert!(size("library/busybox", "latest") < size("library/nginx", "alpine"));
        assert!(size("library/nginx", "alpine") < size("library/nginx", "latest"));
        assert!(size("library/nginx", "latest") < size("library/postgres", "16"));
        assert_eq!(
            public_ecr_mirror("docker/library/httpd").as_deref(),
            Some("library/httpd")
        );
        assert_eq!(
            public_ecr_mirror("nginx/nginx").as_deref(),
            Some("library/nginx")
        );
        assert_eq!(public_ecr_mirror("docker/library/nope"), None);
    }
}
