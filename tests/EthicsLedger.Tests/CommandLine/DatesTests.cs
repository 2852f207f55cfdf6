using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.CommandLine;

public class DatesTests
{
    static readonly FixedClock Clock = new(new DateTimeOffset(2026, 11, 27, 23, 30, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("2021-06-15T12:00:00Z", "2021-06-15T12:00:00.0000000+00:00")]
    [InlineData("2021-06-15t12:00:00z", "2021-06-15T12:00:00.0000000+00:00")]
    [InlineData("2021-06-15T14:00:00+02:00", "2021-06-15T12:00:00.0000000+00:00")]
    [InlineData("2021-06-15T12:00:00.123Z", "2021-06-15T12:00:00.1230000+00:00")]
    [InlineData("2021-06-15T12:00:00.123456789Z", "2021-06-15T12:00:00.1234567+00:00")]
    [InlineData("2021-06-15T12:00:00", "2021-06-15T12:00:00.0000000+00:00")]
    public void known_at_reads_rfc_3339_timestamps_as_utc(string text, string expected) =>
        Dates.KnownAt(text, Clock).ToString("O").ShouldBe(expected);

    [Theory]
    [InlineData("2021-06-15")]
    [InlineData("yesterday")]
    [InlineData("2021-06-15T25:00:00Z")]
    public void known_at_refuses_what_is_not_an_rfc_3339_timestamp(string text) =>
        Should.Throw<BadInputException>(() => Dates.KnownAt(text, Clock)).Message.ShouldContain("--known-at");

    [Theory]
    [InlineData("2021-02-29")]
    [InlineData("2021-04-31")]
    [InlineData("2021-13-01")]
    public void as_of_tells_a_date_that_does_not_exist_from_a_badly_written_one(string text)
    {
        var message = Should.Throw<BadInputException>(() => Dates.AsOf(text, Clock)).Message;
        message.ShouldContain("--as-of");
        message.ShouldContain($"'{text}' is not a date that exists");
        message.ShouldNotContain("YYYY-MM-DD");
    }

    [Theory]
    [InlineData("2021-2-28")]
    [InlineData("yesterday")]
    [InlineData("2021-02-28T00:00:00Z")]
    public void as_of_says_how_to_write_a_date(string text)
    {
        var message = Should.Throw<BadInputException>(() => Dates.AsOf(text, Clock)).Message;
        message.ShouldContain("--as-of must be a date written YYYY-MM-DD");
        message.ShouldNotContain("exist");
    }

    [Fact]
    public void the_defaults_are_today_in_utc_and_now()
    {
        Dates.AsOf(null, Clock).ShouldBe(new DateOnly(2026, 11, 27));
        Dates.KnownAt(null, Clock).ShouldBe(Clock.Now);
    }
}
