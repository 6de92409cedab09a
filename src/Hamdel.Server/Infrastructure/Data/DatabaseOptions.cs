using System.ComponentModel.DataAnnotations;

namespace Hamdel.Server.Infrastructure.Data;

internal enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Settings under <c>Hamdel:Database</c>.</summary>
internal sealed class DatabaseOptions
{
    public const string Section = "Hamdel:Database";

    [Required]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Optional for SQLite (defaults to <c>hamdel.db</c> in the data directory); required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite <c>synchronous</c> level. FULL (default) syncs the WAL on every commit, so an
    /// acknowledged write survives a power loss, not only a process crash.
    /// </summary>
    [AllowedValues("FULL", "NORMAL", "EXTRA")]
    public string SqliteSynchronous { get; set; } = "FULL";
}

/// <summary>Settings under <c>Hamdel</c> shared by every feature.</summary>
internal sealed class HamdelOptions
{
    public const string Section = "Hamdel";

    /// <summary>Folder for the SQLite file, attachments and keys; relative paths are taken from the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Public base address used in links Hamdel sends out (invitations, surveys). Defaults to the request's.</summary>
    public Uri? PublicUrl { get; set; }
}
