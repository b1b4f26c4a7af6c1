//! .NET: the project file (*.csproj), its target framework, web SDK and assembly name.

use super::{found::Found, walk::line_at};

pub fn detect(f: &mut Found<'_>) -> bool {
    let prefix = if f.prefix.is_empty() {
        String::new()
    } else {
        format!("{}/", f.prefix)
    };
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
    if let Some((v, line)) = capture(r"<TargetFrameworks?>\s*net(\d+\.\d+)") {
        f.set_version(&v, false, &file, Some(line), "TargetFramework");
    }
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
