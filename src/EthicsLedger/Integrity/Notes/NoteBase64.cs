namespace EthicsLedger.Integrity.Notes;

/// <summary>
/// Standard base64 (RFC 4648 section 4) with exactly one accepted spelling. .NET's decoder skips
/// white space and so would read two different texts as the same signature; signed bytes get one form.
/// </summary>
public static class NoteBase64
{
    public static byte[]? Decode(string text)
    {
        if (text.Length == 0 || text.Length % 4 != 0) return null;
        try
        {
            var bytes = Convert.FromBase64String(text);
            return Convert.ToBase64String(bytes) == text ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
