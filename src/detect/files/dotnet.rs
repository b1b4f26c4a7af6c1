//! .NET: Directory.*.props, global.json, NuGet.config, the lock file and referenced projects.

use super::{MAX_CHAIN, add, resolve};
use crate::detect::{found::Found, regex, walk::line_at};

pub(super) fn dotnet(f: &mut Found<'_>) {
    let Some(project) = f.draft.params.get("project").cloned() else {
        return;
    };
    // MSBuild imports Directory.*.props from the project's folder up to the root; restore reads NuGet.config and
    // global.json the same way.
    const NAMES: &[(&str, &str)] = &[
        (
            "Directory.Build.props",
            "MSBuild imports it into every project",
        ),
        (
            "Directory.Build.targets",
            "MSBuild imports it into every project",
        ),
        (
            "Directory.Packages.props",
            "central package management: restore reads the versions from it",
        ),
        (
            "global.json",
            "pins the SDK (and MSBuild SDKs) restore uses",
        ),
        ("NuGet.config", "package sources restore uses"),
        ("nuget.config", "package sources restore uses"),
        ("NuGet.Config", "package sources restore uses"),
    ];
    let mut dir = project.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    loop {
        for (name, why) in NAMES {
            let path = if dir.is_empty() {
                (*name).to_string()
            } else {
                format!("{dir}/{name}")
            };
            if f.listing.has(&path) {
                add(f, "copy", &path, &path, None, (*why).to_string());
            }
        }
        if dir.is_empty() {
            break;
        }
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    }
    // Locked restores read the lock file next to the project.
    let lock = match project.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/packages.lock.json"),
        None => "packages.lock.json".to_string(),
    };
    if f.listing.has(&lock) {
        add(
            f,
            "copy",
            &lock,
            &lock,
            None,
            "the NuGet lock file restore checks the packages against".into(),
        );
    }
    // Project references are restored with the project: their project files come first too.
    let mut queue = vec![project.clone()];
    let mut seen = vec![project];
    let reference = regex(r#"<ProjectReference\s+Include\s*=\s*"([^"]+)""#);
    while let Some(current) = queue.pop() {
        let Ok(text) = f.listing.read(&current) else {
            continue;
        };
        let Some(re) = reference.as_ref() else {
            break;
        };
        let mut rest: &str = &text;
        let mut offset = 0;
        while let Some((target, at)) = re.group(rest, 1) {
            let line = line_at(&text, offset + at);
            let target_path = target.replace('\\', "/");
            match resolve(&current, &target_path) {
                Some(path)
                    if f.listing.has(&path) && !seen.contains(&path) && seen.len() < MAX_CHAIN =>
                {
                    add(
                        f,
                        "copy",
                        &path,
                        &current,
                        Some(line),
                        "a project reference: restore reads its project file".into(),
                    );
                    seen.push(path.clone());
                    queue.push(path);
                }
                _ => {}
            }
            let step = at + target.len();
            offset += step;
            rest = &rest[step..];
        }
    }
}
