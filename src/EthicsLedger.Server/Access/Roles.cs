namespace EthicsLedger.Server.Access;

/// <summary>
/// What a key may do. Reading needs no key unless the server is started with <c>--readers keyed</c>;
/// an editor imports, an auditor records findings and attestations, an admin may do all of it.
/// Keys themselves are made and revoked only on the command line, by whoever holds the database.
/// </summary>
public static class Roles
{
    public const string Reader = "reader";
    public const string Editor = "editor";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Reader, Editor, Auditor, Admin];

    /// <summary>The roles that may do what <paramref name="role"/> names: the role itself, and admin.</summary>
    public static string[] Allowed(string role) => role == Reader ? [.. All] : [role, Admin];
}

/// <summary>The authorization policies the endpoints name.</summary>
public static class Policies
{
    public const string Read = "read";
    public const string Edit = "edit";
    public const string Audit = "audit";
}
