#!/usr/bin/env bash
# Re-fetch YASGUI (@zazuko/yasgui) from the npm registry into the package's static files, so the
# SPARQL editor at /editor is served from this package only (no CDN) and a fresh checkout needs
# neither npm nor the network to run or test it. Only this script needs npm.
#
#   scripts/update-yasgui.sh            # the version recorded in VERSION (re-fetch, verify)
#   scripts/update-yasgui.sh 4.6.2      # a given version
#   scripts/update-yasgui.sh latest     # the newest release
#
# Writes src/aspen_graph/api/static/yasgui/:
#   yasgui.min.js, yasgui.min.css  the package's browser build (build/), with the source-map
#                                  comment removed (the maps are not shipped: a browser with
#                                  developer tools open would ask for them and get a 404)
#   LICENSE                        YASGUI's MIT licence. Releases since 4.5 no longer ship it in
#                                  the npm tarball; it is then taken from $LICENSE_FROM, the last
#                                  release that does (the licence has not changed since)
#   THIRD-PARTY-LICENSES.txt       the licences of the npm packages the build bundles
#   VERSION                        the version copied, one line
# Then commit the folder. Files over 5 MB are refused (they would not be committed).
set -euo pipefail

PACKAGE="@zazuko/yasgui"
LICENSE_FROM="@zazuko/yasgui@4.2.34"
MAX_BYTES=$((5 * 1024 * 1024))

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/src/aspen_graph/api/static/yasgui"
command -v npm >/dev/null || { echo "npm is needed to update YASGUI (only for this)" >&2; exit 2; }

wanted="${1:-}"
if [[ -z "$wanted" ]]; then
  [[ -f "$dest/VERSION" ]] || { echo "no $dest/VERSION: give a version" >&2; exit 2; }
  wanted="$(tr -d '[:space:]' <"$dest/VERSION")"
fi
version="$(npm view "$PACKAGE@$wanted" version | tail -n 1)"
[[ -n "$version" ]] || { echo "$PACKAGE@$wanted not found in the registry" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetching $PACKAGE@$version"
(
  cd "$work"
  echo '{"name": "yasgui-fetch", "private": true}' >package.json
  npm install --silent --no-audit --no-fund --ignore-scripts --omit=dev --no-package-lock \
    "$PACKAGE@$version"
)
package="$work/node_modules/$PACKAGE"
for file in yasgui.min.js yasgui.min.css; do
  [[ -s "$package/build/$file" ]] || { echo "$PACKAGE@$version has no build/$file" >&2; exit 1; }
done

mkdir -p "$dest"
# (and each file ends with a newline, as the repository's end-of-file check wants)
grep -v '^//# sourceMappingURL=' "$package/build/yasgui.min.js" | sed -e '$a\' >"$dest/yasgui.min.js"
sed -e 's|/\*# sourceMappingURL=[^*]*\*/||' -e '$a\' "$package/build/yasgui.min.css" \
  >"$dest/yasgui.min.css"

licence="$(find "$package" -maxdepth 1 -iname 'licen[cs]e*' | head -n 1)"
if [[ -z "$licence" ]]; then
  echo "$PACKAGE@$version ships no licence file: taking it from $LICENSE_FROM"
  (cd "$work" && npm pack --silent "$LICENSE_FROM" >/dev/null && tar xzf ./*.tgz package/LICENSE.txt)
  licence="$work/package/LICENSE.txt"
fi
cp "$licence" "$dest/LICENSE"

# The bundled packages' licences, from the installed dependency tree (YASGUI's own excepted).
(cd "$work" && npm ls --all --omit=dev --parseable) | tail -n +2 | sort -u | node -e '
  const fs = require("fs"), path = require("path");
  const dirs = fs.readFileSync(0, "utf8").split("\n").filter(Boolean);
  const out = [`Licences of the npm packages that ${process.argv[1]} depends on and bundles`,
               "into build/yasgui.min.js and build/yasgui.min.css.", ""];
  const seen = new Set();
  for (const dir of dirs) {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    const id = `${meta.name}@${meta.version}`;
    if (meta.name.startsWith("@zazuko/yas") || seen.has(id)) continue;
    seen.add(id);
    const files = fs.readdirSync(dir).filter((f) => /^(licen[cs]e|copying|notice)/i.test(f)).sort();
    out.push("=".repeat(78), `${id}  (${JSON.stringify(meta.license ?? "see below")})`, "");
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      out.push(text.replace(/\r\n?/g, "\n").replace(/[ \t]+$/gm, "").trim(), "");
    }
    if (!files.length) out.push(`(no licence file in the package; licence field: ${meta.license})`, "");
  }
  process.stdout.write(out.join("\n").trimEnd() + "\n");
' "$PACKAGE@$version" >"$dest/THIRD-PARTY-LICENSES.txt"

echo "$version" >"$dest/VERSION"

for file in "$dest"/*; do
  size="$(wc -c <"$file")"
  if ((size > MAX_BYTES)); then
    echo "$file is $size bytes, over the 5 MB limit for committed files" >&2
    exit 1
  fi
done
ls -l "$dest"
echo "YASGUI $version is in $dest; commit the folder"
