using EthicsLedger.Entries;

namespace EthicsLedger.Rules;

/// <summary>
/// The one order every fold uses: by <c>on</c>; on the same day <c>commitment.made</c> first, then
/// recording order, then line order within one file. Never append order alone, so a 2019 fact
/// recorded today lands in 2019.
/// </summary>
public static class FoldOrder
{
    public static readonly IComparer<Entry> Comparer = Comparer<Entry>.Create(Compare);

    static int Compare(Entry a, Entry b)
    {
        var byDate = (a.Date ?? DateOnly.MinValue).CompareTo(b.Date ?? DateOnly.MinValue);
        if (byDate != 0) return byDate;
        var madeFirst = Rank(a).CompareTo(Rank(b));
        if (madeFirst != 0) return madeFirst;
        var byRecording = a.Recorded.CompareTo(b.Recorded);
        return byRecording != 0 ? byRecording : a.Line.CompareTo(b.Line);
    }

    static int Rank(Entry e) => e is CommitmentMade ? 0 : 1;
}
