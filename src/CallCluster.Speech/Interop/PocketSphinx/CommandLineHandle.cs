using Microsoft.Win32.SafeHandles;

namespace CallCluster.Speech.Interop.PocketSphinx;

/// <summary>A sphinxbase <c>cmd_ln_t</c>; reference counted natively, so freeing it after ps_init is safe.</summary>
internal sealed class CommandLineHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public CommandLineHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        PocketSphinxNative.FreeCommandLine(handle);
        return true;
    }
}
