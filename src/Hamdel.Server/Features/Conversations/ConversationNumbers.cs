using Hamdel.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Hamdel.Server.Features.Conversations;

/// <summary>The running conversation number of a workspace (#1, #2 ...), handed out without gaps or repeats.</summary>
internal static class ConversationNumbers
{
    /// <summary>
    /// Reserves <paramref name="count"/> numbers in one atomic statement and returns the last. Run
    /// inside the caller's transaction: the row lock it takes on PostgreSQL is held until commit,
    /// so concurrent writers queue here rather than collide.
    /// </summary>
    public static async Task<long> ReserveAsync(HamdelDbContext db, Guid workspaceId, int count, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = "UPDATE workspaces SET last_conversation_number = last_conversation_number + @count WHERE id = @id RETURNING last_conversation_number";
        var countParameter = command.CreateParameter();
        countParameter.ParameterName = "@count";
        countParameter.Value = (long)count;
        command.Parameters.Add(countParameter);
        var idParameter = command.CreateParameter();
        idParameter.ParameterName = "@id";
        idParameter.Value = DatabaseKeys.Of(db, workspaceId);
        command.Parameters.Add(idParameter);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }
}
