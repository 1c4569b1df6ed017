using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace MuxActors.Service.Logging;

/// <summary>Serilog for the service: a human format on a terminal, a journald-friendly one under systemd.</summary>
public static class LoggingSetup
{
    /// <summary>Levels accepted in <c>muxactors.logging.level</c>.</summary>
    public static readonly string[] Levels = ["debug", "info", "warning", "error"];

    /// <summary>Creates the logger.</summary>
    /// <param name="level">One of <see cref="Levels"/>.</param>
    /// <param name="journald">Use the journald format (no timestamps, syslog priority prefixes).</param>
    public static Logger Create(string level, bool journald)
    {
        var minimum = level switch
        {
            "debug" => LogEventLevel.Debug,
            "warning" => LogEventLevel.Warning,
            "error" => LogEventLevel.Error,
            _ => LogEventLevel.Information,
        };
        var config = new LoggerConfiguration().MinimumLevel.Is(minimum)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        return journald
            ? config.WriteTo.Console(new JournaldFormatter(), standardErrorFromLevel: LogEventLevel.Verbose).CreateLogger()
            : config.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture).CreateLogger();
    }

    /// <summary>Whether stderr goes to the journal (systemd sets JOURNAL_STREAM for services).</summary>
    public static bool UnderSystemd(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return !string.IsNullOrEmpty(environment("JOURNAL_STREAM")) || !string.IsNullOrEmpty(environment("INVOCATION_ID"));
    }

    /// <summary>"&lt;6&gt;message": journald reads the priority from the prefix and adds its own timestamp.</summary>
    private sealed class JournaldFormatter : ITextFormatter
    {
        public void Format(LogEvent logEvent, TextWriter output)
        {
            var priority = logEvent.Level switch
            {
                LogEventLevel.Fatal => 2,
                LogEventLevel.Error => 3,
                LogEventLevel.Warning => 4,
                LogEventLevel.Information => 6,
                _ => 7,
            };
            output.Write('<');
            output.Write(priority);
            output.Write('>');
            logEvent.RenderMessage(output, System.Globalization.CultureInfo.InvariantCulture);
            if (logEvent.Exception is { } ex)
            {
                output.Write(": ");
                output.Write(ex.Message.ReplaceLineEndings(" "));
            }
            output.WriteLine();
        }
    }
}
