/**
 * The JADE side of the vocabulary: the ontology {@link org.lambo.ontology.jade.LamboOntology} (a schema per record,
 * mapped by {@code RecordIntrospector}), the content language {@link org.lambo.ontology.jade.LamboJsonCodec}
 * ({@code lambo-json}, beside JADE's FIPA-SL), the content elements {@link org.lambo.ontology.jade.LamboContent}, and
 * {@link org.lambo.ontology.jade.LamboAcl}, which builds and reads every ACL message. Only this package needs JADE; the
 * rest of the ontology runs on devices without it.
 */
package org.lambo.ontology.jade;
