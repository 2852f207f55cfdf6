using System.Text;

namespace EthicsLedger.Server.Api;

/// <summary>
/// RFC 4180 CSV: a header row, CRLF line ends, every field quoted, quotes doubled. A field that a spreadsheet
/// would run as a formula (starting with =, +, -, @, tab or CR) is prefixed with an apostrophe, so
/// hostile text in the ledger cannot execute in a researcher's spreadsheet.
/// </summary>
public static class Csv
{
    public static string Of(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var text = new StringBuilder();
        Row(text, header);
        foreach (var row in rows) Row(text, row);
        return text.ToString();
    }

    static void Row(StringBuilder text, IReadOnlyList<string?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) text.Append(',');
            var field = fields[i] ?? "";
            if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r') field = "'" + field;
            text.Append('"').Append(field.Replace("\"", "\"\"")).Append('"');
        }
        text.Append("\r\n");
    }
}
