"""Local stand-ins for the images the generated Dockerfiles name.

No image registry can be reached where the suite runs, so every FROM image is built here and tagged with the
catalog's name. Debian 12 (debootstrapped once) is the root of all of them; builders carry a copy of the machine's
own current toolchains (Debian 12's Go, Rust, Node and Python are too old for modern manifests). What each
stand-in really carries is recorded in its `org.stagecraft.carries` label and reported.

Each recipe is a Dockerfile text plus the toolchain context it needs; the hash of both is stored as a label, so
a stand-in is rebuilt only when its recipe or the machine's toolchain changes.
"""
import glob
import hashlib
import os
import re
import shutil
import subprocess
import threading

DEBIAN = "stagecraft-e2e/debian:bookworm"
APT = "RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends"
CLEAN = "&& rm -rf /var/lib/apt/lists/*"
GLIBC = ("/lib/x86_64-linux-gnu/libc.so.6 /lib/x86_64-linux-gnu/libm.so.6 /lib/x86_64-linux-gnu/libgcc_s.so.1 "
         "/lib/x86_64-linux-gnu/libdl.so.2 /lib/x86_64-linux-gnu/libpthread.so.0 /lib/x86_64-linux-gnu/librt.so.1 "
         "/lib64/ld-linux-x86-64.so.2")
# The files distroless ships besides the app's: passwd/group with nonroot 65532, its home, a world-writable /tmp
# (Java, Python and others make temp files there), and the CA bundle. Gathered in /out, copied as one tree.
PASSWD = ('RUN mkdir -p /out/etc /out/home/nonroot /out/tmp /out/etc/ssl/certs && chmod 1777 /out/tmp '
          '&& chown 65532:65532 /out/home/nonroot '
          '&& printf "root:x:0:0:root:/root:/sbin/nologin\\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\\n" '
          '> /out/etc/passwd && printf "root:x:0:\\nnonroot:x:65532:\\n" > /out/etc/group '
          '&& cp /etc/ssl/certs/ca-certificates.crt /out/etc/ssl/certs/')
DISTROLESS_FILES = """COPY --from=files /out/ /
"""
NODE_USER = "RUN groupadd -g 1000 node && useradd -u 1000 -g node -m node"
BUSYBOX = """COPY busybox /bin/busybox
RUN for a in addgroup adduser wget; do ln -sf /bin/busybox /usr/local/bin/$a; done"""

APACHE_FOREGROUND = """#!/bin/bash
set -e
. "${APACHE_ENVVARS:-/etc/apache2/envvars}"
rm -f "$APACHE_PID_FILE"
exec apache2 -DFOREGROUND "$@"
"""
DOCKER_PHP_CONF = """<FilesMatch \\.php$>
\tSetHandler application/x-httpd-php
</FilesMatch>
DirectoryIndex disabled
DirectoryIndex index.php index.html
<Directory /var/www/>
\tOptions -Indexes
\tAllowOverride All
</Directory>
"""

# The machine's toolchains copied into builders: (what it is, how to read its version).
GO_ROOT = "/usr/local/go"
JDK = "/usr/lib/jvm/temurin-25-jdk-amd64"
MAVEN = "/usr/share/maven"


def _out(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        return re.sub(r"\x1b\[[0-9;]*m", "", out).strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def rust_toolchain():
    home = os.environ.get("RUSTUP_HOME", os.path.expanduser("~/.rustup"))
    dirs = sorted(glob.glob(os.path.join(home, "toolchains", "stable-*")))
    return dirs[0] if dirs else ""


def python_home(tag_version):
    """The machine's CPython (pyenv) closest to the tag's major.minor, never below it when one exists."""
    root = os.path.expanduser("~/.pyenv/versions")
    found = sorted((tuple(int(p) for p in v.split(".")), v) for v in os.listdir(root) if re.fullmatch(r"3\.\d+\.\d+", v)) \
        if os.path.isdir(root) else []
    want = tuple(int(p) for p in tag_version.split(".")[:2]) if re.match(r"^\d+\.\d+", tag_version) else (3, 12)
    fitting = [v for t, v in found if t[:2] >= want]
    pick = fitting[0] if fitting else (found[-1][1] if found else "")
    return os.path.join(root, pick) if pick else ""


def versions():
    """What each toolchain copy really is, for the labels and the report."""
    rust = rust_toolchain()
    return {
        "go": _out([f"{GO_ROOT}/bin/go", "version"]).replace("go version ", ""),
        "rust": _out([f"{rust}/bin/rustc", "--version"]) if rust else "",
        "cargo": _out([f"{rust}/bin/cargo", "--version"]) if rust else "",
        "node": _out(["node", "--version"]),
        "npm": _out(["npm", "--version"]),
        "java": subprocess.run([f"{JDK}/bin/java", "-version"], capture_output=True, text=True).stderr.splitlines()[0:1],
        "maven": _out([f"{MAVEN}/bin/mvn", "-B", "-v"]).splitlines()[0:1],
    }


class StandIns:
    def __init__(self, docker, cache, log):
        self.docker, self.cache, self.log = docker, cache, log
        self.ctx = os.path.join(cache, "contexts")
        os.makedirs(self.ctx, exist_ok=True)
        self.lock = threading.Lock()
        self.v = versions()
        self.carries = {}

    # --- contexts: the machine's toolchains as tarballs, made once per version ---------------------------------
    def _tar(self, name, version, src, dest, excludes=(), deref=False):
        """A tarball of src, rooted at dest inside the image; remade when the version string changes."""
        d = os.path.join(self.ctx, name)
        stamp = os.path.join(d, "version")
        if os.path.exists(stamp) and open(stamp).read() == version:
            return d
        self.log(f"packing {src} ({version}) for the stand-ins")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        cmd = ["tar", "-C", src, "-cf", os.path.join(d, "payload.tar"), "--transform", f"s,^\\.,{dest},"]
        cmd += [f"--exclude={e}" for e in excludes]
        if deref:
            cmd.append("-h")
        subprocess.run(cmd + ["."], check=True)
        shutil.copy("/usr/bin/busybox", os.path.join(d, "busybox"))
        open(stamp, "w").write(version)
        return d

    def _plain(self):
        d = os.path.join(self.ctx, "plain")
        os.makedirs(d, exist_ok=True)
        if not os.path.exists(os.path.join(d, "busybox")):
            shutil.copy("/usr/bin/busybox", os.path.join(d, "busybox"))
        open(os.path.join(d, "apache2-foreground"), "w").write(APACHE_FOREGROUND)
        open(os.path.join(d, "docker-php.conf"), "w").write(DOCKER_PHP_CONF)
        return d

    def _jre(self):
        version = "jre " + " ".join(self.v["java"])
        d = os.path.join(self.ctx, "jre")
        stamp = os.path.join(d, "version")
        if os.path.exists(stamp) and open(stamp).read() == version:
            return d
        self.log("making a JRE with jlink")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        # Every module the JDK has except the tools (jdk.compiler holds javac, jdk.jshell, ...).
        mods = [m.split("@")[0] for m in _out([f"{JDK}/bin/java", "--list-modules"]).split()]
        mods = [m for m in mods if m.startswith("java.") or m in ("jdk.crypto.ec", "jdk.crypto.cryptoki", "jdk.unsupported",
                                                                   "jdk.zipfs", "jdk.naming.dns", "jdk.localedata", "jdk.management")]
        subprocess.run([f"{JDK}/bin/jlink", "--add-modules", ",".join(mods), "--strip-debug", "--no-man-pages",
                        "--no-header-files", "--output", os.path.join(d, "jre")], check=True)
        subprocess.run(["tar", "-C", os.path.join(d, "jre"), "-cf", os.path.join(d, "payload.tar"),
                        "--transform", "s,^\\.,opt/java/openjdk,", "."], check=True)
        shutil.rmtree(os.path.join(d, "jre"))
        shutil.copy("/usr/bin/busybox", os.path.join(d, "busybox"))
        open(stamp, "w").write(version)
        return d

    def _maven(self):
        version = "jdk " + " ".join(self.v["java"]) + " / " + " ".join(self.v["maven"])
        d = os.path.join(self.ctx, "maven")
        stamp = os.path.join(d, "version")
        if os.path.exists(stamp) and open(stamp).read() == version:
            return d
        self.log("packing the JDK and Maven")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        subprocess.run(["tar", "-h", "-C", JDK, "-cf", os.path.join(d, "jdk.tar"), "--exclude=./man", "--exclude=./lib/src.zip",
                        "--transform", "s,^\\.,opt/java/openjdk,", "."], check=True)
        subprocess.run(["tar", "-h", "-C", MAVEN, "-cf", os.path.join(d, "maven.tar"),
                        "--transform", "s,^\\.,usr/share/maven,", "."], check=True)
        open(stamp, "w").write(version)
        return d

    # --- recipes -------------------------------------------------------------------------------------------------
    def recipe(self, image):
        """(Dockerfile text, context dir, what it carries) for an image name, or None."""
        m = re.match(r"^([^:]+):(.*)$", image)
        repo, tag = (m.group(1), m.group(2)) if m else (image, "latest")
        v = self.v
        if repo == "golang":
            ctx = self._tar("go", v["go"], GO_ROOT, "usr/local/go")
            text = (f"FROM {DEBIAN}\n{APT} gcc libc6-dev git {CLEAN}\nADD payload.tar /\n"
                    "ENV GOPATH=/go GOTOOLCHAIN=local PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
                    "RUN mkdir -p /go/bin /go/src && go version\nWORKDIR /go\n")
            return text, ctx, v["go"]
        if repo == "rust":
            tc = rust_toolchain()
            ctx = self._tar("rust", v["rust"], tc, "usr/local/rustup/toolchains/stable", excludes=("./share",))
            text = (f"FROM {DEBIAN}\n{APT} gcc libc6-dev {CLEAN}\nADD payload.tar /\n"
                    "ENV RUSTUP_HOME=/usr/local/rustup CARGO_HOME=/usr/local/cargo PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
                    "RUN mkdir -p /usr/local/cargo/bin && for b in cargo rustc rustdoc; do "
                    "ln -s /usr/local/rustup/toolchains/stable/bin/$b /usr/local/cargo/bin/$b; done && cargo --version\n")
            return text, ctx, f"{v['rust']}; {v['cargo']}"
        if repo == "node":
            ctx = self._node()
            alpine = tag.endswith("alpine")
            text = (f"FROM {DEBIAN}\nADD payload.tar /\n"
                    "RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm "
                    "&& ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx "
                    "&& ln -s ../lib/node_modules/corepack/dist/corepack.js /usr/local/bin/corepack && node --version && npm --version\n"
                    f"{NODE_USER}\n" + (f"{BUSYBOX}\n" if alpine else "") + 'CMD ["node"]\n')
            return text, ctx, f"Node.js {v['node']}, npm {v['npm']}"
        if repo == "python":
            home = python_home(tag.split("-")[0])
            ver = os.path.basename(home)
            ctx = self._tar(f"python-{ver}", ver, home, "usr/local",
                            excludes=(f"./lib/python{'.'.join(ver.split('.')[:2])}/test", "*/__pycache__"))
            text = (f"FROM {DEBIAN}\n{APT} libsqlite3-0 libexpat1 {CLEAN}\nADD payload.tar /\n"
                    # Scripts installed by the machine's build name its own interpreter path: point them here.
                    "RUN ldconfig && ln -sf python3 /usr/local/bin/python && python --version "
                    "&& for f in /usr/local/bin/*; do if head -c 2 \"$f\" | grep -q '#!'; then "
                    "sed -i '1s|^#!.*/python[0-9.]*$|#!/usr/local/bin/python3|' \"$f\"; fi; done && pip --version\n"
                    "ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8\n"
                    'CMD ["python3"]\n')
            return text, ctx, f"CPython {ver}"
        if repo == "maven":
            ctx = self._maven()
            text = (f"FROM {DEBIAN}\nADD jdk.tar /\nADD maven.tar /\n"
                    "ENV JAVA_HOME=/opt/java/openjdk MAVEN_HOME=/usr/share/maven PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
                    "RUN ln -s /usr/share/maven/bin/mvn /usr/bin/mvn && mvn -v\n")
            return text, ctx, f"{' '.join(v['java'])}; {' '.join(v['maven'])}"
        if repo == "eclipse-temurin":
            ctx = self._jre()
            text = (f"FROM {DEBIAN}\nADD payload.tar /\nENV JAVA_HOME=/opt/java/openjdk "
                    "PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nRUN java -version\n")
            return text, ctx, f"jlink JRE of {' '.join(v['java'])}"
        if "/distroless/java" in repo:
            ctx = self._jre()
            text = (f"FROM {DEBIAN} AS files\n{PASSWD}\nADD payload.tar /\n"
                    "RUN mkdir -p /libs && for f in /opt/java/openjdk/bin/java $(find /opt/java/openjdk/lib -name '*.so'); do "
                    "ldd $f 2>/dev/null | awk '/=> \\// {print $3}'; done | sort -u | xargs -r cp --parents -L -t /libs "
                    f"&& cp --parents -L {GLIBC} /libs/\n"
                    f"FROM scratch\n{DISTROLESS_FILES}COPY --from=files /libs/ /\nCOPY --from=files /opt/java/openjdk /usr/lib/jvm/jre\n"
                    "ENV JAVA_HOME=/usr/lib/jvm/jre\nUSER 65532:65532\n"
                    'ENTRYPOINT ["/usr/lib/jvm/jre/bin/java", "-jar"]\n')
            return text, ctx, f"jlink JRE of {' '.join(v['java'])}"
        if repo == "composer":
            text = f"FROM {DEBIAN}\n{APT} php-cli composer unzip git {CLEAN}\nWORKDIR /app\n"
            return text, self._plain(), "Debian 12 PHP 8.2 CLI and Composer 2.5"
        if repo == "php" and tag.endswith("-apache"):
            return self._php_apache(), self._plain(), "Debian 12 PHP 8.2 and Apache 2.4"
        if repo == "php":
            text = f"FROM {DEBIAN}\n{APT} php-cli curl {CLEAN}\nWORKDIR /var/www/html\n"
            return text, self._plain(), "Debian 12 PHP 8.2 CLI"
        if repo in ("debian", "ubuntu"):
            return f"FROM {DEBIAN}\nRUN rm -f /etc/ssl/certs/ca-certificates.crt\n", self._plain(), "Debian 12 minbase"
        if repo == "alpine":
            return f"FROM {DEBIAN}\n{BUSYBOX}\n", self._plain(), "Debian 12 minbase with busybox applets"
        if repo == "busybox":
            return "FROM scratch\nCOPY busybox /bin/busybox\nCOPY busybox /bin/wget\nCOPY busybox /bin/sh\n", self._plain(), "Debian's static busybox"
        if "/distroless/static" in repo:
            text = f"FROM {DEBIAN} AS files\n{PASSWD}\nFROM scratch\n{DISTROLESS_FILES}USER 65532:65532\n"
            return text, self._plain(), "passwd, CA bundle"
        if "/distroless/cc" in repo or "/distroless/base" in repo:
            text = (f"FROM {DEBIAN} AS files\n{PASSWD} && mkdir -p /libs && cp --parents -L {GLIBC} /libs/\n"
                    f"FROM scratch\n{DISTROLESS_FILES}COPY --from=files /libs/ /\nUSER 65532:65532\n")
            return text, self._plain(), "passwd, CA bundle, Debian 12 glibc and libgcc"
        if repo == "nginxinc/nginx-unprivileged" or repo == "nginx":
            text = (f"FROM {DEBIAN}\n{APT} nginx-light curl {CLEAN}\n"
                    "RUN groupadd -g 101 nginx && useradd -u 101 -g nginx -M -s /sbin/nologin nginx "
                    "&& rm -f /etc/nginx/sites-enabled/default && mkdir -p /etc/nginx/conf.d /var/cache/nginx /tmp/nginx /usr/share/nginx/html "
                    '&& printf "pid /tmp/nginx/nginx.pid;\\nerror_log /dev/stderr;\\nevents {}\\nhttp {\\n include /etc/nginx/mime.types;\\n '
                    'access_log /dev/stdout;\\n client_body_temp_path /tmp/nginx/body; proxy_temp_path /tmp/nginx/proxy; '
                    'fastcgi_temp_path /tmp/nginx/fastcgi; uwsgi_temp_path /tmp/nginx/uwsgi; scgi_temp_path /tmp/nginx/scgi;\\n '
                    'include /etc/nginx/conf.d/*.conf;\\n}\\n" > /etc/nginx/nginx.conf '
                    "&& chown -R 101:101 /etc/nginx/conf.d /var/cache/nginx /tmp/nginx /var/lib/nginx /var/log/nginx\n"
                    f"{BUSYBOX}\nUSER 101:101\n" + 'CMD ["nginx", "-g", "daemon off;"]\n')
            return text, self._plain(), "Debian 12 nginx-light 1.22 (+ busybox wget)"
        return None

    def _node(self):
        version = f"node {self.v['node']} npm {self.v['npm']}"
        d = os.path.join(self.ctx, "node")
        stamp = os.path.join(d, "version")
        if os.path.exists(stamp) and open(stamp).read() == version:
            return d
        self.log(f"packing Node.js ({version})")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        node = os.path.realpath(shutil.which("node"))
        mods = os.path.join(os.path.dirname(os.path.dirname(node)), "lib", "node_modules")
        stage = os.path.join(d, "stage")
        os.makedirs(f"{stage}/usr/local/bin")
        os.makedirs(f"{stage}/usr/local/lib/node_modules")
        shutil.copy(node, f"{stage}/usr/local/bin/node")
        for m in ("npm", "corepack"):
            if os.path.isdir(os.path.join(mods, m)):
                shutil.copytree(os.path.join(mods, m), f"{stage}/usr/local/lib/node_modules/{m}", symlinks=True)
        subprocess.run(["tar", "-C", stage, "-cf", os.path.join(d, "payload.tar"), "."], check=True)
        shutil.rmtree(stage)
        shutil.copy("/usr/bin/busybox", os.path.join(d, "busybox"))
        open(stamp, "w").write(version)
        return d

    def _php_apache(self):
        # The official image's layout: Debian's apache2 with mod_php, docroot /var/www/html, logs to the
        # container's stdout/stderr, run/lock/log dirs writable by any user, PHP files handled everywhere,
        # .htaccess allowed under /var/www (mod_rewrite stays off, as there), and apache2-foreground as CMD.
        return (f"FROM {DEBIAN}\n{APT} apache2 libapache2-mod-php php-cli curl {CLEAN}\n"
                "COPY docker-php.conf /etc/apache2/conf-available/docker-php.conf\n"
                "COPY --chmod=755 apache2-foreground /usr/local/bin/apache2-foreground\n"
                "RUN a2dismod -f mpm_event mpm_worker >/dev/null 2>&1; a2enmod mpm_prefork >/dev/null && a2enconf docker-php >/dev/null "
                "&& for d in /var/lock/apache2 /var/run/apache2 /var/log/apache2 /var/www/html; do mkdir -p $d && chown www-data:www-data $d && chmod 1777 $d; done "
                "&& ln -sfT /dev/stderr /var/log/apache2/error.log && ln -sfT /dev/stdout /var/log/apache2/access.log "
                "&& ln -sfT /dev/stdout /var/log/apache2/other_vhosts_access.log && rm -f /var/www/html/index.html\n"
                "ENV APACHE_CONFDIR=/etc/apache2 APACHE_ENVVARS=/etc/apache2/envvars\n"
                "WORKDIR /var/www/html\nSTOPSIGNAL SIGWINCH\nEXPOSE 80\n"
                'CMD ["apache2-foreground"]\n')

    def ensure(self, image):
        """Build the stand-in for image unless one with the same recipe exists; returns what it carries."""
        with self.lock:
            if image in self.carries:
                return self.carries[image]
            r = self.recipe(image)
            if r is None:
                raise RuntimeError(f"no stand-in recipe for {image}")
            text, ctx, carries = r
            root = subprocess.run([self.docker, "image", "inspect", "-f", "{{.Id}}", DEBIAN], capture_output=True, text=True).stdout
            h = hashlib.sha256((text + carries + root).encode()).hexdigest()[:16]
            have = subprocess.run([self.docker, "image", "inspect", "-f", '{{index .Config.Labels "org.stagecraft.recipe"}}', image],
                                  capture_output=True, text=True).stdout.strip()
            same = subprocess.run([self.docker, "images", "-q", "--filter", f"label=org.stagecraft.recipe={h}"],
                                  capture_output=True, text=True).stdout.split()
            if have != h and same:
                # Another tag with the very same recipe (golang:1.25 and golang:1.26 carry the same Go): one image.
                subprocess.run([self.docker, "tag", same[0], image], check=True, capture_output=True)
            elif have != h:
                self.log(f"building stand-in {image} ({carries})")
                full = text + f'LABEL org.stagecraft.recipe={h} org.stagecraft.carries="{carries}"\n'
                p = subprocess.run([self.docker, "build", "-q", "-t", image, "-f", "-", ctx], input=full,
                                   capture_output=True, text=True)
                if p.returncode != 0:
                    raise RuntimeError(f"stand-in {image} did not build:\n{p.stderr[-3000:]}")
            self.carries[image] = carries
            return carries
