using System.Globalization;
using Hamdel.Server.Infrastructure.Localization;
using Microsoft.AspNetCore.Components;

namespace Hamdel.Server.Components.Shared;

/// <summary>
/// Base for interactive pages. Each user action runs its use case in a fresh DI scope (so a fresh
/// DbContext), exactly as one HTTP request does, instead of holding one context for the whole
/// lifetime of the circuit.
/// </summary>
public abstract class HamdelComponent : ComponentBase
{
    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;

    [CascadingParameter] internal ViewerPreferences Viewer { get; set; } = ViewerPreferences.Default;

    internal async Task<TResult> Run<TService, TResult>(Func<TService, Task<TResult>> action)
        where TService : notnull
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    internal async Task<TResult> Run<TResult>(Func<IServiceProvider, Task<TResult>> action)
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>
    /// Runs work that something outside the circuit started (a live update, a timer) on the
    /// component's dispatcher, in the viewer's culture: such callbacks carry the culture of the
    /// thread that raised them, not the viewer's, and the page would otherwise redraw in English.
    /// </summary>
    internal Task InvokeAsViewerAsync(Func<Task> work) => InvokeAsync(async () =>
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = Viewer.Culture;
        await work();
    });
}
