using System.Text;
using EthicsLedger.Entries;
using EthicsLedger.Parsing;
using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>"Files": UTF-8 JSON Lines, an optional leading BOM, CRLF, blank lines, at most 64 KiB a line.</summary>
public class FileFormatTests
{
    static readonly string Org = EntryTable.Full("organization.registered");
    static readonly string Made = EntryTable.Full("commitment.made");
    static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    static void ShouldAllBeAccepted(IReadOnlyList<EthicsLedger.Importing.ParsedLine> lines, params int[] numbers)
    {
        lines.Select(l => l.Line).ShouldBe(numbers);
        foreach (var line in lines)
        {
            line.Error.ShouldBeNull($"line {line.Line}");
            line.Read().ShouldNotBeNull();
        }
    }

    [Fact]
    public void a_byte_order_mark_at_the_start_of_the_file_is_accepted()
    {
        var lines = File([.. Bom, .. Utf8(Org + "\n" + Made)]);
        ShouldAllBeAccepted(lines, 1, 2);
        lines[0].Read().ShouldBeOfType<OrganizationRegistered>().Org.ShouldBe("acme");
    }

    [Fact]
    public void a_byte_order_mark_does_not_change_the_content_hash()
    {
        File([.. Bom, .. Utf8(Org)])[0].Read()!.ContentHash.ShouldBe(File(Org)[0].Read()!.ContentHash);
    }

    [Fact]
    public void a_file_of_only_a_byte_order_mark_has_no_lines() => File(Bom).ShouldBeEmpty();

    [Fact]
    public void a_byte_order_mark_that_does_not_start_the_file_is_not_white_space()
    {
        var lines = File([.. Utf8(Org + "\n"), .. Bom, .. Utf8(Made)]);
        lines.Count.ShouldBe(2);
        lines[0].Error.ShouldBeNull();
        lines[1].Line.ShouldBe(2);
        lines[1].Read().ShouldBeNull();
        lines[1].Error.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void crlf_line_breaks_are_accepted() =>
        ShouldAllBeAccepted(File(Org + "\r\n" + Made + "\r\n"), 1, 2);

    [Fact]
    public void crlf_and_lf_may_be_mixed() =>
        ShouldAllBeAccepted(File(Org + "\r\n" + Made + "\n" + Org + "\r\n"), 1, 2, 3);

    [Fact]
    public void a_line_with_a_crlf_break_has_the_same_content_hash_as_with_lf() =>
        File(Made + "\r\n")[0].Read()!.ContentHash.ShouldBe(File(Made + "\n")[0].Read()!.ContentHash);

    [Fact]
    public void a_missing_final_line_break_and_a_trailing_one_both_work()
    {
        ShouldAllBeAccepted(File(Org), 1);
        ShouldAllBeAccepted(File(Org + "\n"), 1);
    }

    [Fact]
    public void an_empty_file_has_no_lines() => File("").ShouldBeEmpty();

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("    ")]
    [InlineData("\t")]
    [InlineData(" \t \t")]
    [InlineData("\r")]
    [InlineData(" \t\r")]
    public void a_line_of_only_json_white_space_is_skipped_but_counted(string blank)
    {
        var lines = File(blank + "\n" + Org + "\n" + blank + "\n" + blank + "\n" + Made + "\n" + blank);
        ShouldAllBeAccepted(lines, 2, 5);
    }

    [Theory]
    [InlineData("\f")]            // form feed: white space to C#, not to JSON
    [InlineData("\v")]            // vertical tab
    [InlineData("\u00a0")]        // no-break space
    [InlineData("\u2003")]        // em space
    [InlineData("\ufeff")]        // a BOM that does not start the file
    public void a_line_of_white_space_that_json_does_not_call_white_space_is_refused(string notJsonBlank)
    {
        var lines = File(Org + "\n" + notJsonBlank + "\n" + Made);
        lines.Select(l => l.Line).ShouldBe([1, 2, 3]);
        lines[0].Error.ShouldBeNull();
        lines[1].Read().ShouldBeNull();
        lines[1].Error.ShouldNotBeNullOrWhiteSpace();
        lines[2].Error.ShouldBeNull();
    }

    [Fact]
    public void line_numbers_start_at_one_and_count_blank_lines()
    {
        var lines = File("\n" + Org + "\r\n  \n{bad json\n\t\n" + Made + "\n\n{\"type\":\"nope\"}\n");
        lines.Select(l => l.Line).ShouldBe([2, 4, 6, 8]);
        lines[0].Error.ShouldBeNull();
        lines[1].Error.ShouldNotBeNull();
        lines[2].Error.ShouldBeNull();
        lines[3].Error.ShouldNotBeNull();
    }

    [Fact]
    public void line_numbers_are_not_shifted_by_a_byte_order_mark()
    {
        var lines = File([.. Bom, .. Utf8("\n" + Org)]);
        ShouldAllBeAccepted(lines, 2);
    }

    [Fact]
    public void every_wrong_line_of_a_file_is_reported_not_just_the_first()
    {
        var lines = File("{\n" + Org + "\n[]\n" + Made + "\n\"x\"");
        lines.Select(l => (l.Line, l.Error is null)).ShouldBe([(1, false), (2, true), (3, false), (4, true), (5, false)]);
    }

    /// <summary>An organization.registered line padded (in its name) to exactly this many UTF-8 bytes.</summary>
    static string LineOfBytes(int bytes, char pad = 'x')
    {
        const string shell = """{"type":"organization.registered","org":"acme","name":"%"}""";
        var padBytes = Encoding.UTF8.GetByteCount(pad.ToString());
        var room = bytes - Encoding.UTF8.GetByteCount(shell.Replace("%", ""));
        var line = shell.Replace("%", new string(pad, room / padBytes) + new string('y', room % padBytes));
        Encoding.UTF8.GetByteCount(line).ShouldBe(bytes);
        return line;
    }

    [Fact]
    public void a_line_of_exactly_64_kib_is_accepted()
    {
        var entry = Accepted<OrganizationRegistered>(LineOfBytes(65536));
        entry.Name.Length.ShouldBeGreaterThan(65000);
    }

    [Fact]
    public void a_line_one_byte_over_64_kib_is_refused_and_the_reason_says_it_is_too_long()
    {
        var reason = Refused(LineOfBytes(65537));
        reason.ShouldMatch(@"(?i)64|65536|kib|bytes|long");
    }

    [Fact]
    public void a_line_far_over_64_kib_is_refused() => Refused(LineOfBytes(200_000));

    [Fact]
    public void the_64_kib_limit_does_not_count_the_line_break()
    {
        var line = LineOfBytes(65536);
        ShouldAllBeAccepted(File(line + "\r\n" + line + "\n" + line), 1, 2, 3);
    }

    [Fact]
    public void the_64_kib_limit_does_not_count_a_leading_byte_order_mark() =>
        ShouldAllBeAccepted(File([.. Bom, .. Utf8(LineOfBytes(65536))]), 1);

    [Fact]
    public void the_64_kib_limit_counts_bytes_not_characters()
    {
        // 'é' is two bytes in UTF-8: this line has fewer than 65536 characters but more than 65536 bytes.
        var line = LineOfBytes(65538, 'é');
        line.Length.ShouldBeLessThan(65536);
        Refused(line);
        Accepted(LineOfBytes(65536, 'é'));
    }

    [Fact]
    public void an_over_long_line_is_reported_with_its_own_line_number_and_its_neighbours_are_accepted()
    {
        var lines = File(Org + "\n\n" + LineOfBytes(65537) + "\n" + Made);
        lines.Select(l => (l.Line, l.Error is null)).ShouldBe([(1, true), (3, false), (4, true)]);
    }

    [Theory]
    [InlineData("""{"type":"organization.registered","org":"acme","name":"Acme Inc." """)]
    [InlineData("""{"type":"organization.registered","org":"acme","name":"Acme Inc.}""")]
    [InlineData("""{type:"organization.registered",org:"acme",name:"Acme Inc."}""")]
    [InlineData("""{'type':'organization.registered','org':'acme','name':'Acme Inc.'}""")]
    [InlineData("""{"type":"organization.registered","org":"acme","name":"Acme Inc."}}""")]
    [InlineData("""{"type":"organization.registered" "org":"acme","name":"Acme Inc."}""")]
    [InlineData("""{"type":"organization.registered","org":"acme","name":"Acme Inc."} x""")]
    [InlineData("""{"type":"organization.registered","org":"acme","name":"Acme Inc."}{"type":"organization.registered","org":"acme","name":"Acme Inc."}""")]
    [InlineData("{\"type\":\"organization.registered\",\"org\":\"acme\",\"name\":\"Acme\tInc.\"}")] // a raw tab inside a string
    [InlineData("""{"type":"organization.registered","org":"acme","name":"Acme \x Inc."}""")]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("organization.registered acme")]
    public void bad_json_is_refused(string line) => Refused(line);

    [Theory]
    [InlineData("""[{"type":"organization.registered","org":"acme","name":"Acme Inc."}]""")]
    [InlineData("[]")]
    [InlineData("\"organization.registered\"")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("null")]
    public void a_line_that_is_json_but_not_an_object_is_refused(string line) => Refused(line);

    [Theory]
    [InlineData("""{"type":"organization.registered","org":"acme","name":"Acme Inc.",}""")]
    [InlineData("""{"type":"organization.registered","org":"acme","name":"Acme Inc.","aliases":["Acme",]}""")]
    [InlineData("""{"type":"organization.registered","org":"acme","name":"Acme Inc.","identifiers":{"wikidata":"Q1",}}""")]
    public void trailing_commas_are_refused(string line) => Refused(line);

    [Theory]
    [InlineData("""{"type":"organization.registered","org":"acme","name":"Acme Inc."} // a comment""")]
    [InlineData("""{"type":"organization.registered",/* a comment */"org":"acme","name":"Acme Inc."}""")]
    [InlineData("""// {"type":"organization.registered","org":"acme","name":"Acme Inc."}""")]
    [InlineData("""# {"type":"organization.registered","org":"acme","name":"Acme Inc."}""")]
    public void comments_are_refused(string line) => Refused(line);

    [Fact]
    public void an_object_spread_over_several_lines_is_refused_on_each_of_them()
    {
        var pretty = "{\n  \"type\": \"organization.registered\",\n  \"org\": \"acme\",\n  \"name\": \"Acme Inc.\"\n}";
        var lines = File(pretty);
        lines.Count.ShouldBe(5);
        lines.ShouldAllBe(l => l.Read() == null && l.Error != null);
    }

    [Fact]
    public void white_space_between_tokens_and_around_the_object_is_accepted()
    {
        var entry = Accepted<OrganizationRegistered>(" \t{ \"type\" :\t\"organization.registered\" , \"org\":\"acme\",\"name\" : \"Acme Inc.\" }  \t");
        entry.Name.ShouldBe("Acme Inc.");
    }

    [Fact]
    public void the_same_lines_parse_alike_through_the_file_and_through_the_entry_parser()
    {
        var direct = EntryParser.Parse(Utf8(Made));
        var viaFile = File(Made)[0].Read().ShouldNotBeNull();
        direct.GetType().ShouldBe(viaFile.GetType());
        direct.ContentHash.ShouldBe(viaFile.ContentHash);
        Should.Throw<EntryException>(() => EntryParser.Parse(Utf8("{bad"))).Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void invalid_utf8_is_refused_not_thrown()
    {
        var shell = Utf8(Org);
        var at = Array.IndexOf(shell, (byte)'.');   // inside "Acme Inc."
        byte[] line = [.. shell[..at], 0xC3, 0x28, .. shell[(at + 1)..]];   // 0xC3 0x28 is not UTF-8
        var lines = File([.. Utf8(Made + "\n"), .. line, .. Utf8("\n" + Made)]);
        lines.Select(l => (l.Line, l.Error is null)).ShouldBe([(1, true), (2, false), (3, true)]);
    }

    [Fact]
    public void an_escaped_lone_surrogate_is_refused_not_thrown()
    {
        var lines = File(Made + "\n" + Org.Replace("Acme Inc.", "Acme \\ud800 Inc.") + "\n" + Made);
        lines.Select(l => (l.Line, l.Error is null)).ShouldBe([(1, true), (2, false), (3, true)]);
    }

    [Fact]
    public void non_ascii_text_is_accepted_raw_or_escaped()
    {
        Accepted<OrganizationRegistered>("""{"type":"organization.registered","org":"nestle","name":"Nestlé S.A. 雀巢 🙂"}""").Name.ShouldBe("Nestlé S.A. 雀巢 🙂");
        Accepted<OrganizationRegistered>("""{"type":"organization.registered","org":"nestle","name":"Nestl\u00e9 S.A."}""").Name.ShouldBe("Nestlé S.A.");
    }
}
