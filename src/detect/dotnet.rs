//! .NET: the project file (*.csproj), its target framework, web SDK and assembly name.

use super::{found::Found, walk::line_at};

pub fn detect(f: &mut Found<'_>) -> bool {
    let prefix = f.dir_prefix();
    let projects: Vec<String> = f
        .listing
        .files
        .iter()
        .filter_map(|p| p.strip_prefix(&prefix))
        .filter(|p| p.ends_with(".csproj") && p.matches('/').count() <= 2)
        .filter(|p| !p.to_ascii_lowercase().contains("test"))
        .map(String::from)
        .collect();
    // A solution holds libraries next to the app: prefer a web project, then an executable, then the shallowest.
    let mut kinds = Vec::with_capacity(projects.len());
    for p in &projects {
        let text = f.listing.read(&f.path(p)).unwrap_or_default();
        let rank = if text.contains("Microsoft.NET.Sdk.Web") {
            0
        } else if text.contains("<OutputType>Exe</OutputType>")
            || text.contains("Microsoft.NET.Sdk.Worker")
        {
            1
        } else {
            2
        };
        kinds.push((rank, p.matches('/').count(), p.clone()));
    }
    kinds.sort();
    let projects: Vec<String> = kinds.into_iter().map(|(_, _, p)| p).collect();
    let Some(project) = projects.first().cloned() else {
        if !f.listing.top_level_with_suffix(".sln").is_empty() {
            f.note("a .sln without a project file stagecraft can reach; set --param project");
            f.set("language", "dotnet", "", None, "a .NET solution");
            f.set(
                "build_system",
                "dotnet",
                "",
                None,
                "built with dotnet publish",
            );
            return true;
        }
        return false;
    };
    let file = f.path(&project);
    f.set("language", "dotnet", &file, None, "a .NET project file");
    f.set(
        "build_system",
        "dotnet",
        &file,
        None,
        "built with dotnet publish",
    );
    if projects.len() > 1 {
        f.note(format!(
            "several project files ({}); using {project} (web or executable projects first), set --param project to \
             change it",
            projects.join(", ")
        ));
    }
    f.set(
        "params.project",
        &project,
        &file,
        None,
        "the project to restore and publish",
    );
    let stem = project
        .rsplit('/')
        .next()
        .unwrap_or(&project)
        .trim_end_matches(".csproj")
        .to_string();
    let Some(text) = f.read(&project) else {
        return true;
    };
    let capture = |pattern: &str| {
        super::regex(pattern)?
            .group(&text, 1)
            .map(|(m, start)| (m.to_string(), line_at(&text, start)))
    };
    match capture(r"<AssemblyName>\s*([\w.-]+)\s*</AssemblyName>") {
        Some((name, line)) => f.set("params.assembly", &name, &file, Some(line), "AssemblyName"),
        None => f.set(
            "params.assembly",
            &stem,
            &file,
            None,
            "the project file's name (no AssemblyName set)",
        ),
    }
    // The runtime major is the target framework's: a framework-dependent app does not roll forward across
    // majors. The project file first, then Directory.Build.props next to it or above it, then global.json's SDK.
    if let Some((v, line)) = capture(r"<TargetFrameworks?>\s*net(\d+\.\d+)") {
        f.set_version(&v, false, &file, Some(line), "TargetFramework");
    } else {
        props_framework(f, &project);
    }
    global_json(f);
    if let Some((_, line)) = capture(r#"Sdk="(Microsoft\.NET\.Sdk\.Web)""#) {
        f.set(
            "framework",
            "aspnet",
            &file,
            Some(line),
            "the web SDK: an ASP.NET Core app",
        );
    }
    true
}

/// Folders from the project's own up to the root: where MSBuild looks for Directory.Build.props.
fn folders_up(project: &str) -> Vec<String> {
    let mut dirs = Vec::new();
    let mut dir = project.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    loop {
        dirs.push(dir.clone());
        if dir.is_empty() {
            return dirs;
        }
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    }
}

fn props_framework(f: &mut Found<'_>, project: &str) {
    for dir in folders_up(project) {
        let rel = if dir.is_empty() {
            "Directory.Build.props".to_string()
        } else {
            format!("{dir}/Directory.Build.props")
        };
        if !f.has(&rel) {
            continue;
        }
        let Some(text) = f.read(&rel) else {
            return;
        };
        let found = super::regex(r"<TargetFrameworks?>\s*net(\d+\.\d+)").and_then(|re| {
            re.group(&text, 1)
                .map(|(m, at)| (m.to_string(), line_at(&text, at)))
        });
        if let Some((v, line)) = found {
            let path = f.path(&rel);
            f.set_version(
                &v,
                false,
                &path,
                Some(line),
                "TargetFramework in Directory.Build.props",
            );
        }
        // MSBuild imports only the nearest Directory.Build.props.
        return;
    }
}

/// global.json pins the SDK: its major.minor is the version when nothing else names a target framework, and a pin
/// the SDK image cannot honour under its rollForward policy is said, with the fix.
fn global_json(f: &mut Found<'_>) {
    let Some(rel) = f.nearest("global.json") else {
        return;
    };
    let Ok(text) = f.listing.read(&rel) else {
        f.note(format!(
            "{rel} could not be read; its SDK pin is not checked"
        ));
        return;
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        f.note(format!(
            "{rel} is not valid JSON; its SDK pin is not checked"
        ));
        return;
    };
    let Some(sdk) = json.pointer("/sdk/version").and_then(|v| v.as_str()) else {
        return;
    };
    let line = super::walk::line_of(&text, "\"version\"");
    let parts: Vec<&str> = sdk.split('.').collect();
    let Some(line_version) = parts.get(..2).map(|p| p.join(".")) else {
        return;
    };
    f.set_version(
        &line_version,
        false,
        &rel,
        line,
        "the SDK pinned in global.json",
    );
    let roll = json
        .pointer("/sdk/rollForward")
        .and_then(|v| v.as_str())
        .unwrap_or("latestPatch");
    let Some(chosen) = f.draft.version.clone() else {
        return;
    };
    let at = line.map_or(rel.clone(), |n| format!("{rel}:{n}"));
    let sdk_major = parts.first().and_then(|p| p.parse::<u32>().ok());
    let app_major = chosen.split('.').next().and_then(|p| p.parse::<u32>().ok());
    let majors_roll = matches!(roll, "major" | "latestMajor");
    if let (Some(sdk_major), Some(app_major)) = (sdk_major, app_major)
        && sdk_major != app_major
        && !(majors_roll && sdk_major < app_major)
    {
        f.note(format!(
            "{at}: global.json pins SDK {sdk} (rollForward {roll}) but the app targets .NET {chosen}, whose SDK image \
             is {chosen}; dotnet refuses that SDK: align global.json with the target framework, or set rollForward \
             to latestMajor"
        ));
    } else if matches!(roll, "patch" | "latestPatch" | "disable") && parts.len() >= 3 {
        f.note(format!(
            "{at}: global.json pins SDK {sdk} with rollForward {roll}: the sdk:{chosen} image carries the newest \
             {chosen} SDK, which may be another feature band that this policy refuses; set rollForward to \
             latestFeature, or the builder to the exact tag mcr.microsoft.com/dotnet/sdk:{sdk}"
        ));
    }
}
