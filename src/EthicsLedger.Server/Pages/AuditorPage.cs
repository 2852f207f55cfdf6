using EthicsLedger.Hosting.Audit;
using EthicsLedger.Integrity;
using static EthicsLedger.Server.Pages.Html;

namespace EthicsLedger.Server.Pages;

/// <summary>What an auditor checks first: the verification just now, the latest signed checkpoint, and what to download to check it without us.</summary>
public static class AuditorPage
{
    public static string Body(VerificationReport report, Checkpoint? latest) => $"""
        <section aria-labelledby="verification">
        <h2 id="verification">Verification</h2>
        <p class="{(report.Ok ? "notice" : "error")}" id="verification-result" role="status">
        {(report.Ok ? "Ledger verified: every digest, chain, leaf and checkpoint checks out." : $"Ledger NOT verified: {report.Problems.Count} problem{(report.Problems.Count == 1 ? "" : "s")}.")}
        {report.Events} events checked, {report.Checkpoints} checkpoints over {report.Leaves} leaves;
        {(report.Uncovered > 0 ? $"{report.Uncovered} events not yet under a checkpoint." : "every event is under a checkpoint.")}</p>
        {(report.First is { } p ? $"<p>First problem: <strong>{E(p.Kind)}</strong> {E(p.Where)}: {E(p.Detail)}</p>" : "")}
        </section>
        <section aria-labelledby="checkpoint">
        <h2 id="checkpoint">Latest checkpoint</h2>
        {(latest is null ? "<p>No checkpoint has been signed yet.</p>" : $"""
            <dl><dt>Tree size</dt><dd>{latest.TreeSize}</dd><dt>Root hash</dt><dd><code>{E(latest.RootHash)}</code></dd>
            <dt>Signed</dt><dd>{E(EventDigest.Timestamp(latest.SignedAt))}</dd><dt>Key</dt><dd><code>{E(latest.KeyId)}</code></dd></dl>
            """)}
        </section>
        <section aria-labelledby="downloads">
        <h2 id="downloads">To check it yourself</h2>
        <ul>
        <li><a href="/api/bundle" download>The whole ledger as a signed bundle</a> — check it offline with <code>ethicsledger verify-bundle</code> or your own verifier (docs/verification.md).</li>
        <li><a href="/api/checkpoints/latest">The latest checkpoint (JSON)</a></li>
        <li>Inclusion proofs: <code>/api/proofs/inclusion?stream=org:amazon&amp;version=1</code>; consistency proofs: <code>/api/proofs/consistency?from=A&amp;to=B</code></li>
        <li><a href="/api/verification">This verification as JSON</a></li>
        </ul>
        </section>
        """;
}
