using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Infrastructure.Data;

/// <summary>An entity whose concurrent changes must not overwrite each other (counters, status).</summary>
internal interface IVersioned
{
    /// <summary>Bumped on every save; an update whose version changed underneath fails and is retried.</summary>
    int Version { get; set; }
}

internal static class Concurrency
{
    /// <summary>
    /// Runs a unit of work, and again from a clean slate when it lost a race: another writer changed
    /// a versioned row it read, or took a unique key it wanted. The work must re-read what it needs.
    /// </summary>
    public static async Task<T> RetryAsync<T>(HamdelDbContext db, Func<Task<T>> work, int attempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (DbUpdateConcurrencyException) when (attempt < attempts)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException e) when (attempt < attempts && UniqueViolation.Is(e))
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
