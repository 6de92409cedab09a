using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Infrastructure.Data;

/// <summary>Helpers for the few statements written in SQL rather than LINQ.</summary>
internal static class DatabaseKeys
{
    /// <summary>An id as the database stores it: a big-endian blob on SQLite (see SqliteHamdelDbContext), a uuid on PostgreSQL.</summary>
    public static object Of(HamdelDbContext db, Guid id) => db.Database.IsSqlite() ? id.ToByteArray(bigEndian: true) : id;
}
