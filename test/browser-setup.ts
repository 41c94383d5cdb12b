// Runs after the test framework in every browser test file: a test fails when any page it visited had a serious or
// critical axe-core finding, whether or not the test checked that page itself.
import { PageAudit } from '@app/testing';

afterEach(async () => {
  await PageAudit.failOnNewFindings();
});
