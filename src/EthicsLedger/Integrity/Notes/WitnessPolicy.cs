using System.Globalization;

namespace EthicsLedger.Integrity.Notes;

/// <summary>A witness the auditor trusts: a label, its cosigning key and, for <c>checkpoint</c>, where it listens.</summary>
public sealed record PolicyWitness(string Name, NoteKey Key, Uri? Url);

/// <summary>
/// Which witnesses count and how many must have cosigned a checkpoint, modelled on Sigsum's
/// policy files. One directive a line, fields separated by spaces, <c>#</c> starts a comment:
/// <code>
/// witness NAME VKEY [URL]   # a cosigner: a label, its vkey (type 0x04), its add-checkpoint prefix
/// quorum N                  # how many distinct witnesses must cosign, 1 ≤ N ≤ the witnesses listed
/// </code>
/// </summary>
public sealed record WitnessPolicy(IReadOnlyList<PolicyWitness> Witnesses, int Quorum)
{
    public static WitnessPolicy Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Throws <see cref="FormatException"/> naming the line and what is wrong with it.</summary>
    public static WitnessPolicy Parse(string text)
    {
        var witnesses = new List<PolicyWitness>();
        int? quorum = null;
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = (raw.IndexOf('#') is var hash and >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0) continue;
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            try
            {
                switch (fields)
                {
                    case ["witness", var name, var vkey, .. var rest] when rest.Length <= 1:
                        var key = NoteKey.Parse(vkey);
                        if (key.Type != NoteSignatureType.CosignatureV1) throw new FormatException("a witness key has signature type 0x04 (cosignature/v1)");
                        if (witnesses.Any(w => w.Name == name)) throw new FormatException($"witness '{name}' is listed twice");
                        if (witnesses.Any(w => w.Key.Vkey == key.Vkey)) throw new FormatException("this key is listed twice; each witness counts once");
                        Uri? url = null;
                        if (rest is [var u] && (!Uri.TryCreate(u, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
                            throw new FormatException($"'{u}' is not an http or https URL");
                        witnesses.Add(new PolicyWitness(name, key, url));
                        break;
                    case ["quorum", var n]:
                        if (quorum is not null) throw new FormatException("only one quorum line");
                        if (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var q) || q < 1)
                            throw new FormatException($"'{n}' is not a quorum (a whole number, at least 1)");
                        quorum = q;
                        break;
                    default:
                        throw new FormatException("expected 'witness NAME VKEY [URL]' or 'quorum N'");
                }
            }
            catch (FormatException e)
            {
                throw new FormatException($"witness policy line {number}: {e.Message}");
            }
        }
        if (quorum is not { } needed) throw new FormatException("the witness policy has no quorum line");
        if (needed > witnesses.Count) throw new FormatException($"a quorum of {needed} needs at least {needed} witnesses; the policy lists {witnesses.Count}");
        return new WitnessPolicy(witnesses, needed);
    }

    /// <summary>The witnesses of this policy with a valid cosignature on <paramref name="note"/>'s text.</summary>
    public IReadOnlyList<PolicyWitness> CosignersOf(SignedNote note) =>
        Witnesses.Where(w => note.Signatures.Any(s => Cosignature.Verify(w.Key, note.Text, s) is not null)).ToList();

    /// <summary>
    /// Null when <paramref name="note"/> is the checkpoint <paramref name="size"/>/<paramref name="root"/>
    /// and a quorum of this policy's witnesses cosigned it; otherwise why not, in words.
    /// </summary>
    public string? QuorumProblem(SignedNote? note, long size, byte[] root)
    {
        if (note is null) return $"the checkpoint of size {size} has no signed note, so no witness cosigned it (quorum {Quorum})";
        CheckpointNote checkpoint;
        try { checkpoint = CheckpointNote.Parse(note.Text); }
        catch (FormatException e) { return $"the note of the checkpoint of size {size} is not a checkpoint: {e.Message}"; }
        if (!checkpoint.Matches(size, root)) return $"the note names tree size {checkpoint.Size}, not the checkpoint of size {size} and its root";
        var cosigners = CosignersOf(note);
        return cosigners.Count >= Quorum
            ? null
            : $"{cosigners.Count} of the {Witnesses.Count} policy witnesses cosigned the checkpoint of size {size}"
              + (cosigners.Count > 0 ? $" ({string.Join(", ", cosigners.Select(c => c.Name))})" : "") + $"; the quorum is {Quorum}";
    }
}
