//! Go: local `replace` modules and vendored modules.

use super::{add, resolve};
use crate::detect::{found::Found, regex};

pub(super) fn go(f: &mut Found<'_>) {
    let gomod = f.path("go.mod");
    let Some(text) = f.read("go.mod") else {
        return;
    };
    let replace = regex(r"=>\s*(\.{1,2}/\S*)\s*$");
    let mut in_block = false;
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.starts_with("replace (") {
            in_block = true;
            continue;
        }
        if in_block && l == ")" {
            in_block = false;
            continue;
        }
        if !(in_block || l.starts_with("replace ")) {
            continue;
        }
        let Some((target, _)) = replace.as_ref().and_then(|re| re.group(l, 1)) else {
            continue;
        };
        match resolve(&gomod, target) {
            Some(dir) if f.listing.has(&format!("{dir}/go.mod")) => {
                add(
                    f,
                    "copy",
                    &format!("{dir}/go.mod"),
                    &gomod,
                    Some(i + 1),
                    format!("replaced by the local module {target}: go mod download reads its go.mod"),
                );
                if f.listing.has(&format!("{dir}/go.sum")) {
                    add(
                        f,
                        "copy",
                        &format!("{dir}/go.sum"),
                        &gomod,
                        Some(i + 1),
                        format!("the local module {target}'s checksums"),
                    );
                }
            }
            _ => f.note(format!(
                "{gomod}:{}: `{l}` points outside the project (or at a folder without go.mod); the build cannot \
                 read it: build from a folder that contains both",
                i + 1
            )),
        }
    }
    if f.listing.root.join(f.path("vendor/modules.txt")).is_file() {
        f.note(format!(
            "{}: the modules are vendored; go build uses vendor/ (copied with the sources), so `go mod download` \
             only warms the cache",
            f.path("vendor/modules.txt")
        ));
    }
}
