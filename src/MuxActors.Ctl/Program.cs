using MuxActors.Ctl;

return await CtlCommands.RunAsync(args).ConfigureAwait(false);
