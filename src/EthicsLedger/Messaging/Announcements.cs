using EthicsLedger.Contracts;
using EthicsLedger.Entries;
using EthicsLedger.Rules;
using Amendment = EthicsLedger.Entries.CommitmentAmended;
using CommitmentAmended = EthicsLedger.Contracts.CommitmentAmended;

namespace EthicsLedger.Messaging;

/// <summary>
/// Everything a consumer is told about one commitment, as the ledger knows it now and as of
/// <c>today</c>: one message per fact, each under a key that names the fact and nothing else.
/// The relay publishes every message whose key it has not published before, so a fact learned
/// late (an entry about the past) is told once, and a fact that time brings (a lapse, a missed
/// deadline) is told once, on its day. Positions are the relay's to fill in.
/// Each message names the entries it rests on (<see cref="Announcement.RestsOn"/>), so the relay
/// tells it only once it has passed them all: never a flag before its pledge.
/// </summary>
public static class Announcements
{
    static readonly LedgerPosition Unplaced = new("", 0, 0);

    public static IReadOnlyList<Announcement> For(CommitmentTimeline timeline, IReadOnlyList<ConductObserved> conducts, DateOnly today)
    {
        var made = timeline.Made;
        if (made is null || made.On > today) return [];
        var id = made.Commitment;
        var raised = timeline.RaisedFlags(conducts).Where(f => f.RaisedOn <= today).ToList();
        var messages = new List<Announcement>
        {
            new(new PledgeMade
            {
                Key = $"pledge-made/{id}", Org = made.Org, Commitment = id, Topic = made.Topic, Kind = made.Kind,
                On = made.On, Source = made.Source?.Url, Position = Unplaced,
                Statement = made.Statement, Term = Wire(Term.Of(made)),
            }, [made]),
        };

        foreach (var entry in timeline.Entries.Where(e => e.On <= today))
        {
            LedgerMessage? message = entry switch
            {
                Amendment a => new CommitmentAmended
                {
                    Key = $"commitment-amended/{id}/{a.ContentHash}", Org = made.Org, Commitment = id, Topic = made.Topic,
                    Kind = made.Kind, On = a.On, Source = a.Source?.Url, Position = Unplaced,
                    Reason = a.Reason, Term = Wire(timeline.ShapeAt(a.On)!.Term),
                },
                // Only the first ending counts; the import refuses a second one anyway.
                EndingEntry e when ReferenceEquals(e, timeline.Ending) => new CommitmentEnded
                {
                    Key = $"commitment-ended/{id}", Org = made.Org, Commitment = id, Topic = made.Topic, Kind = made.Kind,
                    On = e.On, Source = e.Source?.Url, Position = Unplaced, Status = e.EndedStatus,
                },
                FindingEntry f when raised.FirstOrDefault(r => r.Id == f.Flag) is { } flag => new FlagResolved
                {
                    Key = $"flag-resolved/{id}/{f.Flag}/{f.ContentHash}", Org = made.Org, Commitment = id, Topic = made.Topic,
                    Kind = made.Kind, On = f.On, Source = f.Source?.Url, Position = Unplaced,
                    Flag = f.Flag, FlagKind = flag.Kind, State = f.State,
                },
                _ => null,
            };
            if (message is not null) messages.Add(new(message, [made, entry]));
        }

        // A missed deadline has its own message; every other flag is told as raised.
        foreach (var flag in raised.Where(f => f.Kind != FlagKinds.DeadlineMissed))
        {
            var raisedBy = RaisedBy(flag, timeline, conducts);
            messages.Add(new(new FlagRaised
            {
                Key = $"flag-raised/{id}/{flag.Id}", Org = made.Org, Commitment = id, Topic = made.Topic, Kind = made.Kind,
                On = flag.RaisedOn, Source = raisedBy.Source?.Url, Position = Unplaced,
                Flag = flag.Id, FlagKind = flag.Kind, State = flag.InitialState,
            }, [made, raisedBy]));
        }

        if (timeline.DeadlineMissedOn() is { } missedOn && missedOn <= today)
            messages.Add(new(new DeadlineMissed
            {
                Key = $"deadline-missed/{id}", Org = made.Org, Commitment = id, Topic = made.Topic, Kind = made.Kind,
                On = missedOn, Source = made.Source?.Url, Position = Unplaced, Due = timeline.ShapeAt(missedOn)!.Term.Due!.Value,
            }, [made]));

        // Lapsed means expired today; an earlier lapse that an amendment undid was told on its day.
        if (timeline.StatusAt(today) == Statuses.Expired && timeline.ShapeAt(today)!.Term.Until is { } until)
            messages.Add(new(new CommitmentLapsed
            {
                Key = $"commitment-lapsed/{id}/{until:yyyy-MM-dd}", Org = made.Org, Commitment = id, Topic = made.Topic,
                Kind = made.Kind, On = until, Source = made.Source?.Url, Position = Unplaced, Until = until,
            }, [made]));

        // The pledge first, then in the order things happened in the world; ties keep the order above.
        return [messages[0], .. messages.Skip(1).OrderBy(m => m.Message.On)];
    }

    /// <summary>The dates on which time alone may bring news about this commitment: the until and due an entry names.</summary>
    public static IEnumerable<DateOnly> Dates(CommitmentEntry entry)
    {
        var term = entry switch { CommitmentMade m => m.Term, Amendment a => a.Term, _ => null };
        return term is null ? [] : Named(term);
    }

    static IEnumerable<DateOnly> Named(TermPatch term)
    {
        if (term.Until is { } until) yield return until;
        if (term.Due is { } due) yield return due;
    }

    static DatedEntry RaisedBy(Flag flag, CommitmentTimeline timeline, IReadOnlyList<ConductObserved> conducts) => flag.Kind switch
    {
        FlagKinds.Violation => timeline.Entries.OfType<ViolationAlleged>().First(v => v.Flag == flag.Id),
        FlagKinds.ContradictingConduct => conducts.First(c => c.Id == flag.Id),
        _ => timeline.Ending!,
    };

    static MessageTerm Wire(Term term) => new(term.From, term.Until, term.Condition, term.Due);
}

/// <summary>A message, and the entries it rests on: it is told only once every one of them is.</summary>
public sealed record Announcement(LedgerMessage Message, IReadOnlyList<Entry> RestsOn);
