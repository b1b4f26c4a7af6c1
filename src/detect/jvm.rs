//! Java: Maven (pom.xml, mvnw) and Gradle (build.gradle(.kts), gradlew); Java version, Spring Boot, the jar name.

use super::{
    found::Found,
    walk::{line_at, line_of},
};

fn capture(text: &str, pattern: &str) -> Option<(String, usize)> {
    let re = super::regex(pattern)?;
    let m = re.captures(text)?.get(1)?;
    Some((m.as_str().to_string(), line_at(text, m.start())))
}

pub fn detect(f: &mut Found<'_>) -> bool {
    if f.has("pom.xml") || f.has("mvnw") {
        maven(f);
        return true;
    }
    for name in ["build.gradle.kts", "build.gradle", "gradlew"] {
        if f.has(name) {
            gradle(f, name);
            return true;
        }
    }
    false
}

fn maven(f: &mut Found<'_>) {
    let file = f.path(if f.has("pom.xml") { "pom.xml" } else { "mvnw" });
    f.set("language", "java", &file, None, "a Maven project");
    f.set("build_system", "maven", &file, None, "built with Maven");
    let Some(text) = f.read("pom.xml") else {
        return;
    };
    for (pattern, what) in [
        (
            r"<maven\.compiler\.release>\s*(\d+)",
            "maven.compiler.release",
        ),
        (r"<java\.version>\s*(\d+)", "java.version"),
        (
            r"<release>\s*(\d+)\s*</release>",
            "the compiler plugin's release",
        ),
        (
            r"<maven\.compiler\.source>\s*(?:1\.)?(\d+)",
            "maven.compiler.source",
        ),
    ] {
        if let Some((v, line)) = capture(&text, pattern) {
            f.set_version(&v, false, &file, Some(line), what);
            break;
        }
    }
    if text.contains("spring-boot") {
        f.set(
            "framework",
            "spring-boot",
            &file,
            line_of(&text, "spring-boot"),
            "Spring Boot in pom.xml",
        );
    }
    // The project's own coordinates: outside <parent> and <dependencies>.
    let own = super::regex(r"(?s)<parent>.*?</parent>|<dependencies>.*?</dependencies>|<build>.*?</build>|<dependencyManagement>.*?</dependencyManagement>")
        .map(|re| re.replace_all(&text, "").into_owned())
        .unwrap_or_default();
    let artifact = capture(&own, r"<artifactId>\s*([\w.-]+)\s*</artifactId>");
    let version = capture(&own, r"<version>\s*([\w.-]+)\s*</version>");
    if let (Some((a, _)), Some((v, _))) = (artifact, version) {
        let jar = format!("{a}-{v}.jar");
        f.set(
            "params.jar",
            &jar,
            &file,
            line_of(&text, &format!("<artifactId>{a}")),
            "artifactId-version.jar from pom.xml",
        );
    }
}

fn gradle(f: &mut Found<'_>, name: &str) {
    let file = f.path(name);
    f.set("language", "java", &file, None, "a Gradle project");
    f.set("build_system", "gradle", &file, None, "built with Gradle");
    let Some(text) = (if name == "gradlew" {
        None
    } else {
        f.read(name)
    }) else {
        return;
    };
    for (pattern, what) in [
        (r"JavaLanguageVersion\.of\(\s*(\d+)", "the Gradle toolchain"),
        (r"JavaVersion\.VERSION_(?:1_)?(\d+)", "sourceCompatibility"),
        (
            r#"sourceCompatibility\s*=\s*['"]?(?:1\.)?(\d+)"#,
            "sourceCompatibility",
        ),
    ] {
        if let Some((v, line)) = capture(&text, pattern) {
            f.set_version(&v, false, &file, Some(line), what);
            break;
        }
    }
    if text.contains("org.springframework.boot") {
        f.set(
            "framework",
            "spring-boot",
            &file,
            line_of(&text, "org.springframework.boot"),
            "the Spring Boot plugin",
        );
    }
}
