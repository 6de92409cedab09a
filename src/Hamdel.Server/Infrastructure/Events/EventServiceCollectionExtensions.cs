namespace Hamdel.Server.Infrastructure.Events;

internal static class EventServiceCollectionExtensions
{
    public static IServiceCollection AddHamdelEvents(this IServiceCollection services)
    {
        services.AddOptions<EventOptions>().BindConfiguration(EventOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<EventOutbox>();
        services.AddSingleton<OutboxWakeInterceptor>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
