// A remote's server render that cannot render the page (another team's bug)
// costs the student nothing but the early content: the page shows the module's skeleton, as without server
// rendering, and the live module mounts and reads its data itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPage } from '../fixtures/browser.mjs';
import { signUp, usePlatform } from '../fixtures/platform.mjs';

const manifestOf = (dir, remote) => join(dir, remote, '0.1.0', 'manifest.json');

const platform = usePlatform({
  prepare(dir) {
    // Each remote's server render is now the other's: valid builds that render
    // no such module (they answer with an error, as a buggy render would).
    const manifests = ['dashboard', 'nursing'].map((remote) => JSON.parse(readFileSync(manifestOf(dir, remote), 'utf8')));
    const renders = manifests.map((m) => m.assets.server_render);
    for (const [i, manifest] of manifests.entries()) {
      const other = renders[1 - i];
      const from = join(dir, manifests[1 - i].name, '0.1.0', other.file);
      writeFileSync(join(dir, manifest.name, '0.1.0', other.file), readFileSync(from));
      manifest.assets.server_render = other;
      writeFileSync(manifestOf(dir, manifest.name), JSON.stringify(manifest, null, 2));
    }
  },
});

for (const [route, slot, ready] of [
  ['/dashboard', 'main [data-mf-remote="dashboard"]', '.empty-history'],
  ['/exam', 'main [data-mf-remote="nursing"]', '.exam-chooser .topics label'],
]) {
  test(`${route} with a server render that fails shows the skeleton, then the live module with its data`, async () => {
    const page = await openPage(platform.browser);
    await signUp(page.context(), platform.url);
    const html = await (await page.context().request.get(platform.url + route)).text();
    assert.doesNotMatch(html, / data-mf-prerendered=""|data-mf-answers/, 'nothing rendered on the server');
    assert.match(html, /data-mf-skeleton="(dashboard|exam)"/);
    assert.match(html, /href="\/api\/attempts" data-mf-data=""/, 'its reads are preloaded, as without server rendering');
    await page.goto(platform.url + route);
    await page.locator(`${slot}[data-mf-state="mounted"] ${ready}`).first().waitFor({ timeout: 20000 });
    assert.deepEqual(page.consoleErrors, []);
    await page.context().close();
  });
}
