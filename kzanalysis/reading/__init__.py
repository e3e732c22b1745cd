"""Reading the texts: paragraphs and document parts, the actors they name, quotations and voices."""
