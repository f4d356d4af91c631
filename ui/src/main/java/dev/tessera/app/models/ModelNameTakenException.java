package dev.tessera.app.models;

/** An installed model already has the name; the import never overwrites it, but can offer a free name. */
public final class ModelNameTakenException extends ModelImportException {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String suggestedName;

    public ModelNameTakenException(String name, String suggestedName) {
        super("a model named '" + name + "' is already installed; import it under another name, e.g. '"
                + suggestedName + "'");
        this.name = name;
        this.suggestedName = suggestedName;
    }

    public String name() {
        return name;
    }

    /** A name no installed model uses. */
    public String suggestedName() {
        return suggestedName;
    }
}
