//! The words of cell bundles, merges and transfers.

use super::Strings;

impl Strings {
    /// Why a bundle or transfer file was refused (nothing was written).
    pub fn refusal(&self, refusal: &crate::store::bundle::Refusal) -> String {
        use crate::store::bundle::{BundleKind, Refusal};
        let when = |t: &chrono::NaiveDateTime| crate::vi::date_time(*t);
        match refusal {
            Refusal::NotBundle => self.get("bundle.not_bundle").to_string(),
            Refusal::WrongKind { expected } => self
                .get(match expected {
                    BundleKind::Cell => "bundle.expected_bundle",
                    BundleKind::Transfer => "bundle.expected_transfer",
                })
                .to_string(),
            Refusal::FormatTooNew { found, supported } => self.fmt(
                "bundle.format_too_new",
                &[("found", found), ("supported", supported)],
            ),
            Refusal::Checksum => self.get("bundle.checksum").to_string(),
            Refusal::SchemaTooNew { found, supported } => self.fmt(
                "bundle.schema_too_new",
                &[("found", found), ("supported", supported)],
            ),
            Refusal::OwnCell { name } => self.fmt(
                "bundle.own_cell",
                &[("name", &crate::vi::strip_controls(name))],
            ),
            Refusal::NotNewer {
                bundle_revision,
                bundle_made_at,
                merged_revision,
                merged_made_at,
            } => self.fmt(
                "bundle.not_newer",
                &[
                    ("revision", bundle_revision),
                    ("made", &when(bundle_made_at)),
                    ("merged_revision", merged_revision),
                    (
                        "merged_made",
                        &merged_made_at.as_ref().map(when).unwrap_or_default(),
                    ),
                ],
            ),
            Refusal::Unconfirmed(matches) => {
                let mut lines = vec![self.fmt("bundle.unconfirmed", &[("n", &matches.len())])];
                lines.extend(matches.iter().map(|m| self.card_match(m)));
                lines.join("\n")
            }
            Refusal::MemberExists { name } => self.fmt(
                "bundle.member_exists",
                &[("name", &crate::vi::strip_controls(name))],
            ),
        }
    }

    /// What a merge would change, as lines (the command's output and the
    /// app's question).
    /// `shown` names are listed under each heading; the rest are counted.
    pub fn merge_preview(&self, p: &crate::store::merge::Preview, shown: usize) -> Vec<String> {
        let clean = crate::vi::strip_controls;
        let cell = if p.upper_unit.is_empty() {
            clean(&p.cell_name)
        } else {
            format!("{} ({})", clean(&p.cell_name), clean(&p.upper_unit))
        };
        let made = p.made_at.map(crate::vi::date_time).unwrap_or_default();
        let mut lines = vec![self.fmt(
            "bundle.preview_head",
            &[
                ("cell", &cell),
                ("uuid", &p.cell_uuid),
                ("revision", &p.revision),
                ("made", &made),
            ],
        )];
        lines.push(match &p.previous {
            None if p.new_cell => self.get("bundle.preview_new_cell").to_string(),
            None => self.get("bundle.preview_first").to_string(),
            Some((revision, made)) => self.fmt(
                "bundle.preview_previous",
                &[
                    ("revision", revision),
                    ("made", &made.map(crate::vi::date_time).unwrap_or_default()),
                ],
            ),
        });
        let groups = [
            ("bundle.meetings_added", &p.meetings_added),
            ("bundle.meetings_changed", &p.meetings_changed),
            ("bundle.meetings_gone", &p.meetings_gone),
            ("bundle.members_added", &p.members_added),
            ("bundle.members_changed", &p.members_changed),
            ("bundle.members_gone", &p.members_gone),
        ];
        // "2024-03-12\tregular\t" → "12/03/2024 Thường kỳ".
        let worded = |name: &String| -> String {
            let mut parts = name.splitn(3, '\t');
            let (date, kind, title) = (parts.next(), parts.next(), parts.next());
            let (Some(date), Some(kind), Some(title)) = (date, kind, title) else {
                return clean(name);
            };
            let date = chrono::NaiveDate::parse_from_str(date, "%F")
                .map(crate::vi::date)
                .unwrap_or_default();
            let what = if title.is_empty() {
                self.map
                    .get(&format!("kind.{kind}"))
                    .cloned()
                    .unwrap_or_else(|| kind.to_string())
            } else {
                clean(title)
            };
            format!("{date} {what}")
        };
        for (key, names) in groups {
            if names.is_empty() {
                continue;
            }
            lines.push(self.fmt(key, &[("n", &names.len())]));
            let listed: Vec<String> = names.iter().take(shown).map(worded).collect();
            let mut line = format!("  {}", listed.join(", "));
            if names.len() > shown {
                line.push_str(&self.fmt("bundle.and_more", &[("n", &(names.len() - shown))]));
            }
            lines.push(line);
        }
        if p.is_empty() {
            lines.push(self.get("bundle.preview_nothing").to_string());
        }
        lines
    }

    /// "  Nguyễn Văn An (thẻ 012345) = Nguyễn Văn An, Chi bộ 1".
    pub fn card_match(&self, m: &crate::store::bundle::CardMatch) -> String {
        self.fmt(
            "bundle.card_match",
            &[
                ("name", &crate::vi::strip_controls(&m.bundle_name)),
                ("number", &crate::vi::strip_controls(&m.number)),
                ("known", &crate::vi::strip_controls(&m.known_name)),
                ("cell", &crate::vi::strip_controls(&m.known_cell)),
            ],
        )
    }
}
