//! The size table printed after every build: raw, gzip and brotli bytes per asset
//! and per bundle.

use federation::Sizes;

use crate::container::BuiltContainer;
use crate::remotes::BuiltRemote;

/// One bundle in the report.
struct Group {
    /// The bundle's name (`auth`, `container`), for budgets.
    name: String,
    title: String,
    files: Vec<(String, Sizes)>,
}

#[derive(Default)]
pub(crate) struct Report {
    groups: Vec<Group>,
}

impl Report {
    pub(crate) fn add_remote(&mut self, remote: &BuiltRemote) {
        let m = &remote.manifest;
        // Not the server render: browsers never download it.
        let files = m
            .assets
            .iter()
            .filter(|(kind, _)| *kind != federation::AssetKind::ServerRender)
            .map(|(_, a)| (a.file.clone(), a.size))
            .collect();
        let title = format!("remote {}@{} ({})", m.name, m.version, remote.dir.display());
        self.groups.push(Group { name: m.name.to_string(), title, files });
    }

    pub(crate) fn add_container(&mut self, container: BuiltContainer) {
        let title = "container (browser runtime + styles, target/site/pkg)".to_owned();
        self.groups.push(Group { name: "container".into(), title, files: container.files });
        let title = "container-dev (dev runtime: dev mode and remote overrides only, never students)".to_owned();
        self.groups.push(Group { name: "container-dev".into(), title, files: container.dev_files });
    }

    pub(crate) fn print(&self) {
        println!("{}", self.render());
        println!("{}", crate::budgets::render(&self.brotli_totals()));
    }

    /// Each bundle's brotli bytes, all its files together.
    pub(crate) fn brotli_totals(&self) -> Vec<(String, u64)> {
        self.groups.iter().map(|g| (g.name.clone(), g.files.iter().map(|(_, s)| s.brotli).sum())).collect()
    }

    fn render(&self) -> String {
        let mut out = String::from("\nSize report (bytes)\n");
        out += &format!("| {:<44} | {:>9} | {:>9} | {:>9} |\n", "asset", "raw", "gzip", "brotli");
        out += &format!("|{:-<46}|{:->11}|{:->11}|{:->11}|\n", "", ":", ":", ":");
        for Group { title, files, .. } in &self.groups {
            out += &format!("| **{title}** | | | |\n");
            let mut total = Sizes { raw: 0, gzip: 0, brotli: 0 };
            for (file, size) in files {
                out += &row(file, size);
                total = total.plus(*size);
            }
            out += &row("total", &total);
        }
        out
    }
}

fn row(label: &str, size: &Sizes) -> String {
    format!("| {:<44} | {:>9} | {:>9} | {:>9} |\n", label, size.raw, size.gzip, size.brotli)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_each_group() {
        let mut report = Report::default();
        let a = Sizes { raw: 100, gzip: 50, brotli: 40 };
        let b = Sizes { raw: 10, gzip: 5, brotli: 4 };
        report
            .add_container(BuiltContainer { files: vec![("a.js".into(), a), ("a.wasm".into(), b)], dev_files: vec![] });
        let text = report.render();
        assert!(
            text.contains("| total                                        |       110 |        55 |        44 |"),
            "{text}"
        );
    }
}
