import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiDiff from 'openapi-diff';

interface ApprovedChange {
  code: string;
  location: string;
  reason: string;
}

interface Difference {
  code: string;
  sourceSpecEntityDetails: { location: string }[];
  destinationSpecEntityDetails: { location: string }[];
}

const root = join(__dirname, '..', '..');

function locationsOf(difference: Difference): string[] {
  return [...difference.sourceSpecEntityDetails, ...difference.destinationSpecEntityDetails].map(
    (d) => d.location,
  );
}

type Responses = Record<string, { content?: Record<string, unknown> }>;

/**
 * The diff compares `application/json` bodies only, so an error body declared (correctly) as
 * `application/problem+json` would look removed, and later changes to it would go unseen.
 * Problem details are JSON: compare them as `application/json`.
 */
function problemBodiesAsJson(text: string): string {
  const document = JSON.parse(text) as {
    paths?: Record<string, Record<string, { responses?: Responses }>>;
  };
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item)) {
      for (const response of Object.values(operation?.responses ?? {})) {
        const content = response.content;
        if (!content?.['application/problem+json'] || content['application/json']) continue;
        content['application/json'] = content['application/problem+json'];
        delete content['application/problem+json'];
      }
    }
  }
  return JSON.stringify(document);
}

/**
 * npm run openapi:breaking [-- <git ref>]: compares openapi.json with its version at <ref>
 * (default: the previous commit) and fails on a breaking change (removed route, removed or
 * retyped field, new required input) unless openapi-approved-changes.json lists it with a reason.
 */
async function main(): Promise<void> {
  const ref = process.argv[2] ?? 'HEAD~1';
  let previous: string;
  try {
    previous = execFileSync('git', ['show', `${ref}:openapi.json`], {
      cwd: root,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch {
    console.log(`No openapi.json at ${ref}: nothing to compare.`);
    return;
  }
  const current = readFileSync(join(root, 'openapi.json'), 'utf8');
  const outcome = await openapiDiff.diffSpecs({
    sourceSpec: {
      content: problemBodiesAsJson(previous),
      location: `${ref}:openapi.json`,
      format: 'openapi3',
    },
    destinationSpec: {
      content: problemBodiesAsJson(current),
      location: 'openapi.json',
      format: 'openapi3',
    },
  });
  const approvedFile = join(root, 'openapi-approved-changes.json');
  const approved: ApprovedChange[] = existsSync(approvedFile)
    ? (JSON.parse(readFileSync(approvedFile, 'utf8')) as { changes: ApprovedChange[] }).changes
    : [];
  for (const change of approved) {
    if (!change.reason || change.reason.trim().length < 10) {
      throw new Error(
        `openapi-approved-changes.json: the change at ${change.location} needs a reason`,
      );
    }
  }
  const breaking: Difference[] = outcome.breakingDifferencesFound
    ? outcome.breakingDifferences
    : [];
  const unapproved = breaking.filter(
    (difference) =>
      !approved.some(
        (a) => a.code === difference.code && locationsOf(difference).includes(a.location),
      ),
  );
  console.log(
    `Compared with ${ref}: ${outcome.nonBreakingDifferences.length} non-breaking, ` +
      `${breaking.length} breaking (${breaking.length - unapproved.length} approved).`,
  );
  if (unapproved.length > 0) {
    console.error(
      'Breaking changes to the API contract (approve them in openapi-approved-changes.json with a reason):',
    );
    for (const difference of unapproved) {
      console.error(`  ${difference.code} at ${locationsOf(difference).join(' / ')}`);
    }
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
