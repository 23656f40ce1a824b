/// The version of vfxrun and vfxpy (one number for both: they ship together).
public enum VFXVersion {
    public static let string = "0.1.0"
}
