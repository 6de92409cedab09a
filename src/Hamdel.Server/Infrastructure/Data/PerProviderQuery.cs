using System.Collections.Concurrent;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Infrastructure.Data;

/// <summary>
/// An EF compiled query for hot paths, compiled once per database provider: a compiled query binds
/// to the model of the first context it runs against, and one process may hold both a SQLite and
/// a PostgreSQL context (the tests do).
/// </summary>
internal sealed class PerProviderQuery<TArg1, TArg2, TResult>(Expression<Func<HamdelDbContext, TArg1, TArg2, CancellationToken, TResult>> query)
{
    private readonly ConcurrentDictionary<Type, Func<HamdelDbContext, TArg1, TArg2, CancellationToken, Task<TResult>>> _compiled = new();

    public Task<TResult> RunAsync(HamdelDbContext db, TArg1 arg1, TArg2 arg2, CancellationToken cancellationToken) =>
        _compiled.GetOrAdd(db.GetType(), _ => EF.CompileAsyncQuery(query))(db, arg1, arg2, cancellationToken);
}

/// <inheritdoc cref="PerProviderQuery{TArg1, TArg2, TResult}"/>
internal sealed class PerProviderQuery<TArg1, TResult>(Expression<Func<HamdelDbContext, TArg1, CancellationToken, TResult>> query)
{
    private readonly ConcurrentDictionary<Type, Func<HamdelDbContext, TArg1, CancellationToken, Task<TResult>>> _compiled = new();

    public Task<TResult> RunAsync(HamdelDbContext db, TArg1 arg1, CancellationToken cancellationToken) =>
        _compiled.GetOrAdd(db.GetType(), _ => EF.CompileAsyncQuery(query))(db, arg1, cancellationToken);
}
